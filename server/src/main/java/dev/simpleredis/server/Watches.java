package dev.simpleredis.server;

import dev.simpleredis.server.command.Session;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions WATCH which keys, so that a committed write to a key breaks the watch of every
 * session watching it. Used under the command lock.
 */
final class Watches {

    private record DbKey(int db, ByteKey key) {
    }

    private final Map<DbKey, Set<Session>> watchers = new HashMap<>();

    boolean isEmpty() {
        return watchers.isEmpty();
    }

    void watch(Session session, int db, byte[] key, boolean existed) {
        if (watchers.computeIfAbsent(new DbKey(db, new ByteKey(key)), k -> new LinkedHashSet<>()).add(session)) {
            session.watched().add(new Session.Watched(db, key, existed));
        }
    }

    void unwatch(Session session) {
        for (Session.Watched w : session.watched()) {
            DbKey k = new DbKey(w.db(), new ByteKey(w.key()));
            Set<Session> sessions = watchers.get(k);
            if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
                watchers.remove(k);
            }
        }
        session.clearWatched();
    }

    void changed(int db, byte[] key) {
        Set<Session> sessions = watchers.get(new DbKey(db, new ByteKey(key)));
        if (sessions != null) {
            sessions.forEach(Session::breakWatch);
        }
    }

    /** Every key of {@code db} changed (FLUSHDB, FLUSHALL, SWAPDB). */
    void flushed(int db) {
        watchers.forEach((k, sessions) -> {
            if (k.db() == db) {
                sessions.forEach(Session::breakWatch);
            }
        });
    }
}

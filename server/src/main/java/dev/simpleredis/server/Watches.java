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

    private final Map<DbKey, Set<Session>> watchers = new HashMap<>();

    boolean isEmpty() {
        return watchers.isEmpty();
    }

    void watch(Session session, int db, byte[] key, boolean existed) {
        if (watchers.computeIfAbsent(DbKey.of(db, key), k -> new LinkedHashSet<>()).add(session)) {
            session.watched().add(new Session.Watched(db, key, existed));
        }
    }

    void unwatch(Session session) {
        for (Session.Watched w : session.watched()) {
            DbKey k = DbKey.of(w.db(), w.key());
            Set<Session> sessions = watchers.get(k);
            if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
                watchers.remove(k);
            }
        }
        session.clearWatched();
    }

    void changed(int db, byte[] key) {
        Set<Session> sessions = watchers.get(DbKey.of(db, key));
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

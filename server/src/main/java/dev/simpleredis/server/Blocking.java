package dev.simpleredis.server;

import dev.simpleredis.server.command.CommandSpec;
import dev.simpleredis.server.command.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clients parked by blocking commands (BLPOP, BZPOPMIN, ...), in arrival order per key, and the
 * keys a committed write made worth trying again. Used under the command lock.
 */
final class Blocking {

    /** A parked command: who sent it, what it was, the type it takes and the keys it waits on. */
    static final class Waiter {
        final Connection connection;
        final CommandSpec spec;
        final Request request;
        final int db;
        final KeyType type;
        final List<byte[]> keys;
        Thread timer;

        Waiter(Connection connection, CommandSpec spec, Request request, int db, KeyType type, List<byte[]> keys) {
            this.connection = connection;
            this.spec = spec;
            this.request = request;
            this.db = db;
            this.type = type;
            this.keys = keys;
        }
    }

    private final Map<DbKey, ArrayDeque<Waiter>> byKey = new HashMap<>();
    private final Set<DbKey> ready = new LinkedHashSet<>();
    private final Set<Waiter> parked = new HashSet<>();

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** INFO's blocked_clients. */
    int size() {
        return parked.size();
    }

    void park(Waiter waiter) {
        parked.add(waiter);
        for (byte[] key : waiter.keys) {
            ArrayDeque<Waiter> queue = byKey.computeIfAbsent(DbKey.of(waiter.db, key), k -> new ArrayDeque<>());
            if (!queue.contains(waiter)) {
                queue.addLast(waiter);
            }
        }
    }

    /** Unparks {@code waiter}; false when it was no longer parked (served or timed out already). */
    boolean remove(Waiter waiter) {
        boolean removed = parked.remove(waiter);
        for (byte[] key : waiter.keys) {
            DbKey k = DbKey.of(waiter.db, key);
            ArrayDeque<Waiter> queue = byKey.get(k);
            if (queue != null) {
                removed |= queue.remove(waiter);
                if (queue.isEmpty()) {
                    byKey.remove(k);
                }
            }
        }
        return removed;
    }

    /** A committed write touched {@code key}: its waiters, if any, get a try. */
    void changed(int db, byte[] key) {
        DbKey k = DbKey.of(db, key);
        if (byKey.containsKey(k)) {
            ready.add(k);
        }
    }

    /** The next key worth trying, or null. */
    DbKey nextReady() {
        var it = ready.iterator();
        if (!it.hasNext()) {
            return null;
        }
        DbKey k = it.next();
        it.remove();
        return k;
    }

    /** The waiters on {@code key}, first come first. */
    List<Waiter> waiters(DbKey key) {
        ArrayDeque<Waiter> queue = byKey.get(key);
        return queue == null ? List.of() : new ArrayList<>(queue);
    }
}

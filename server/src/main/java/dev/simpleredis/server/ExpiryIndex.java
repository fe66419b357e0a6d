package dev.simpleredis.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;

/**
 * The keys that have an expiry, ordered by when: lets the active expiry cycle find due keys
 * without scanning the store. Built from the store at start, then kept up to date by every
 * write. It is a hint: the cycle checks the store before deleting, so a stale entry costs a
 * look-up, never a wrong delete.
 */
final class ExpiryIndex {

    private record Due(long at, byte[] key) {
    }

    private static final Comparator<Due> ORDER =
            Comparator.comparingLong(Due::at).thenComparing(Due::key, Arrays::compareUnsigned);

    private final ConcurrentSkipListSet<Due> byTime = new ConcurrentSkipListSet<>(ORDER);
    private final Map<ByteKey, Long> byKey = new ConcurrentHashMap<>();
    /** Keys with an expiry per physical database (an engine key's first byte), for INFO. */
    private final AtomicIntegerArray perDb = new AtomicIntegerArray(256);

    /** Records that {@code engineKey} expires at {@code at}, or has no expiry when {@code at == 0}. */
    void update(byte[] engineKey, long at) {
        ByteKey key = new ByteKey(engineKey);
        Long previous = at == 0 ? byKey.remove(key) : byKey.put(key, at);
        if (previous == null && at != 0) {
            perDb.incrementAndGet(engineKey[0] & 0xFF);
        } else if (previous != null && at == 0) {
            perDb.decrementAndGet(engineKey[0] & 0xFF);
        }
        if (previous != null) {
            byTime.remove(new Due(previous, engineKey));
        }
        if (at != 0) {
            byTime.add(new Due(at, engineKey));
        }
    }

    /** Forgets every key matching {@code which}. */
    void removeIf(Predicate<byte[]> which) {
        byKey.keySet().removeIf(k -> {
            if (which.test(k.bytes())) {
                perDb.decrementAndGet(k.bytes()[0] & 0xFF);
                return true;
            }
            return false;
        });
        byTime.removeIf(d -> which.test(d.key()));
    }

    /** Removes and returns up to {@code max} keys due at or before {@code now}. */
    List<byte[]> pollDue(long now, int max) {
        List<byte[]> due = new ArrayList<>();
        Iterator<Due> it = byTime.iterator();
        while (due.size() < max && it.hasNext()) {
            Due first = it.next();
            if (first.at() > now) {
                break;
            }
            if (byTime.remove(first)) {
                if (byKey.remove(new ByteKey(first.key()), first.at())) {
                    perDb.decrementAndGet(first.key()[0] & 0xFF);
                }
                due.add(first.key());
            }
        }
        return due;
    }

    /** Keys with an expiry in physical database {@code physicalDb}. */
    int size(byte physicalDb) {
        return perDb.get(physicalDb & 0xFF);
    }

    int size() {
        return byKey.size();
    }
}

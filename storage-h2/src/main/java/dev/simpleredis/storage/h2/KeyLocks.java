package dev.simpleredis.storage.h2;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Read-write locks by key, striped: a read takes the read locks of its keys, a write the write
 * locks, always in ascending stripe order so that no two can deadlock.
 */
final class KeyLocks {

    private static final int STRIPES = 64;

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

    KeyLocks() {
        Arrays.setAll(stripes, i -> new ReentrantReadWriteLock());
    }

    /** Locks the stripes of {@code keys}; the caller unlocks what it returns with {@link #unlock}. */
    Lock[] lock(Collection<byte[]> keys, boolean write) {
        int[] sorted = keys.size() == 1 ? new int[] {stripe(keys.iterator().next())}
                : keys.stream().mapToInt(KeyLocks::stripe).distinct().sorted().toArray();
        return lock(sorted, write);
    }

    private static int stripe(byte[] key) {
        return Math.floorMod(Arrays.hashCode(key), STRIPES);
    }

    /** Locks every stripe, for writes whose keys are not known in advance. */
    Lock[] lockAll() {
        int[] all = new int[STRIPES];
        Arrays.setAll(all, i -> i);
        return lock(all, true);
    }

    private Lock[] lock(int[] sortedStripes, boolean write) {
        Lock[] locks = new Lock[sortedStripes.length];
        for (int i = 0; i < locks.length; i++) {
            ReentrantReadWriteLock stripe = stripes[sortedStripes[i]];
            locks[i] = write ? stripe.writeLock() : stripe.readLock();
            locks[i].lock();
        }
        return locks;
    }

    static void unlock(Lock[] locks) {
        for (int i = locks.length - 1; i >= 0; i--) {
            locks[i].unlock();
        }
    }
}

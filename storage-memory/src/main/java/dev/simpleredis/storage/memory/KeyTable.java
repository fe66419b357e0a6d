package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.StoredValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The memory engine's keys and values: an open-addressing hash table with linear probing, kept
 * in parallel arrays so that an entry costs no object of its own. Not thread-safe; the engine
 * guards it with its lock.
 *
 * <p>Each slot caches its key's hash, never 0, so a probe reads only the hash array until a
 * hash matches (an empty slot has hash 0) and dereferences a key only to confirm a match;
 * growing and backward-shift deletion need no key at all. A hash maps to a slot by
 * multiply-shift, so the capacity need not be a power of two and grows by half: doubling would
 * leave a table of a million keys mostly empty. Deletion shifts the entries after the hole
 * back instead of leaving tombstones, so many deletes do not lengthen probes.
 */
final class KeyTable {

    private static final int MIN_CAPACITY = 16;
    private static final long SEED = new SecureRandom().nextLong();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Grow above this load; growing by half then leaves it at 0.5. */
    private static final double MAX_LOAD = 0.75;
    /** Shrink below this load, back to 0.5: a flushed table does not keep its arrays. */
    private static final double MIN_LOAD = 0.2;

    private byte[][] keys;
    private byte[][] values;
    private long[] expiresAt;
    private int[] hashes;
    private int size;

    KeyTable() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The value under {@code key}, or null. */
    StoredValue get(byte[] key) {
        int i = find(key);
        return i < 0 ? null : valueAt(i);
    }

    /**
     * Stores {@code value} under {@code key} and returns the previous value, or null if the key
     * is new. An existing key keeps its byte array: the engine's ordered index refers to it.
     */
    StoredValue put(byte[] key, StoredValue value) {
        int hash = hash(key);
        int i = slot(hash);
        while (hashes[i] != 0) {
            if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
                StoredValue previous = valueAt(i);
                values[i] = value.value();
                expiresAt[i] = value.expiresAt();
                return previous;
            }
            i = next(i);
        }
        hashes[i] = hash;
        keys[i] = key;
        values[i] = value.value();
        expiresAt[i] = value.expiresAt();
        if (++size > MAX_LOAD * hashes.length) {
            resize(hashes.length + hashes.length / 2);
        }
        return null;
    }

    /** Removes {@code key}; returns its value, or null if it was absent. */
    StoredValue remove(byte[] key) {
        int hole = find(key);
        if (hole < 0) {
            return null;
        }
        StoredValue previous = valueAt(hole);
        // Move back every entry of the cluster after the hole that may live there: one whose
        // home slot is not cyclically in (hole, i].
        for (int i = next(hole); hashes[i] != 0; i = next(i)) {
            int home = slot(hashes[i]);
            boolean homeAfterHole = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!homeAfterHole) {
                hashes[hole] = hashes[i];
                keys[hole] = keys[i];
                values[hole] = values[i];
                expiresAt[hole] = expiresAt[i];
                hole = i;
            }
        }
        hashes[hole] = 0;
        keys[hole] = null;
        values[hole] = null;
        expiresAt[hole] = 0;
        if (--size < MIN_LOAD * hashes.length && hashes.length > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, size * 2));
        }
        return previous;
    }

    private int find(byte[] key) {
        int hash = hash(key);
        for (int i = slot(hash); hashes[i] != 0; i = next(i)) {
            if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    private StoredValue valueAt(int i) {
        return new StoredValue(values[i], expiresAt[i]);
    }

    private int next(int i) {
        return i + 1 == hashes.length ? 0 : i + 1;
    }

    /** Multiply-shift: the hash's high bits pick the slot, for any capacity. */
    private int slot(int hash) {
        return (int) (((hash & 0xFFFF_FFFFL) * hashes.length) >>> 32);
    }

    /**
     * A hash of {@code key} under this process's random seed, never 0: eight bytes at a time,
     * each step mixed by a multiply and xor-shifts (SplitMix64's finalizer). Keys come from
     * clients, and without a seed a client could pick many keys of one hash (as with
     * {@link Arrays#hashCode(byte[])}, where "Aa" and "BB" collide) and make every probe walk
     * them all.
     */
    static int hash(byte[] key) {
        long h = SEED ^ key.length * 0x9E37_79B9_7F4A_7C15L;
        int i = 0;
        for (; i + Long.BYTES <= key.length; i += Long.BYTES) {
            h = mix(h ^ (long) LONGS.get(key, i));
        }
        long tail = 0;
        for (int shift = 0; i < key.length; i++, shift += Byte.SIZE) {
            tail |= (key[i] & 0xFFL) << shift;
        }
        h = mix(h ^ tail);
        int folded = (int) (h ^ h >>> 32);
        return folded == 0 ? 1 : folded;
    }

    private static long mix(long x) {
        x = (x ^ x >>> 30) * 0xBF58_476D_1CE4_E5B9L;
        x = (x ^ x >>> 27) * 0x94D0_49BB_1331_11EBL;
        return x ^ x >>> 31;
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        byte[][] oldValues = values;
        long[] oldExpiresAt = expiresAt;
        int[] oldHashes = hashes;
        allocate(capacity);
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldHashes[j] != 0) {
                int i = slot(oldHashes[j]);
                while (hashes[i] != 0) {
                    i = next(i);
                }
                hashes[i] = oldHashes[j];
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
                expiresAt[i] = oldExpiresAt[j];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new byte[capacity][];
        expiresAt = new long[capacity];
        hashes = new int[capacity];
    }
}

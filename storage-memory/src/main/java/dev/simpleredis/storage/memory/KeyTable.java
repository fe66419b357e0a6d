package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.StoredValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The memory engine's keys and values: an open-addressing hash table with linear probing, kept
 * in two arrays so that an entry costs no object of its own. Not thread-safe; the engine guards
 * it with its lock.
 *
 * <p>Slot {@code i} is two neighbours in each array: its key's hash, never 0, and expiry time in
 * {@code meta[2i]} and {@code meta[2i + 1]}, its key and value in {@code refs[2i]} and
 * {@code refs[2i + 1]}. A lookup among many keys is a cache miss per line it reads, so pairing
 * what one lookup reads halves the misses outside the key and value themselves (four parallel
 * arrays cost a GET one more miss each). A probe reads only {@code meta} until a hash matches (an
 * empty slot has hash 0) and dereferences a key only to confirm a match; growing and
 * backward-shift deletion need no key at all. A hash maps to a slot by multiply-shift, so the
 * capacity need not be a power of two and grows by half: doubling would leave a table of a
 * million keys mostly empty. Deletion shifts the entries after the hole back instead of leaving
 * tombstones, so many deletes do not lengthen probes.
 *
 * <p>The value arrays are the table's alone: it stores copies and hands out copies, so that it
 * may overwrite one in place.
 */
final class KeyTable {

    private static final int MIN_CAPACITY = 16;
    private static final long SEED = new SecureRandom().nextLong();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Grow above this load; growing by half then leaves it at 0.5. */
    private static final double MAX_LOAD = 0.75;
    /** Shrink below this load, back to 0.5: a flushed table does not keep its arrays. */
    private static final double MIN_LOAD = 0.2;

    /** Per slot: hash (0 = empty), expiry time. */
    private long[] meta;
    /** Per slot: key, value. */
    private byte[][] refs;
    private int size;

    KeyTable() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The value under {@code key}, or null: a copy, as {@link #put} overwrites the table's own. */
    StoredValue get(byte[] key) {
        int i = find(key);
        return i < 0 ? null : new StoredValue(refs[2 * i + 1].clone(), meta[2 * i + 1]);
    }

    /**
     * Stores a copy of {@code value} under {@code key} and returns the previous value's length,
     * or -1 if the key is new. A value of the previous one's length is copied into the previous
     * one's array: an overwrite then leaves no new object for the collector to copy out of the
     * young generation, nor a new reference in the table for it to scan. Those copies, one per key
     * overwritten since the last young collection, were most of that pause under a stream of
     * SETs. An existing key keeps its byte array too: the engine's ordered index refers to it.
     */
    int put(byte[] key, StoredValue value) {
        int hash = hash(key);
        int i = slot(hash);
        byte[] bytes = value.value();
        for (long h; (h = meta[2 * i]) != 0; i = next(i)) {
            if ((int) h == hash && Arrays.equals(refs[2 * i], key)) {
                byte[] stored = refs[2 * i + 1];
                if (stored.length == bytes.length) {
                    System.arraycopy(bytes, 0, stored, 0, bytes.length);
                } else {
                    refs[2 * i + 1] = bytes.clone();
                }
                meta[2 * i + 1] = value.expiresAt();
                return stored.length;
            }
        }
        set(i, hash, key, bytes.clone(), value.expiresAt());
        if (++size > MAX_LOAD * capacity()) {
            resize(capacity() + capacity() / 2);
        }
        return -1;
    }

    /** Removes {@code key}; returns its value, the table's own array, or null if it was absent. */
    StoredValue remove(byte[] key) {
        int hole = find(key);
        if (hole < 0) {
            return null;
        }
        StoredValue previous = new StoredValue(refs[2 * hole + 1], meta[2 * hole + 1]);
        // Move back every entry of the cluster after the hole that may live there: one whose
        // home slot is not cyclically in (hole, i].
        for (int i = next(hole); meta[2 * i] != 0; i = next(i)) {
            int home = slot((int) meta[2 * i]);
            boolean homeAfterHole = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!homeAfterHole) {
                set(hole, (int) meta[2 * i], refs[2 * i], refs[2 * i + 1], meta[2 * i + 1]);
                hole = i;
            }
        }
        set(hole, 0, null, null, 0);
        if (--size < MIN_LOAD * capacity() && capacity() > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, size * 2));
        }
        return previous;
    }

    private int find(byte[] key) {
        int hash = hash(key);
        for (int i = slot(hash); meta[2 * i] != 0; i = next(i)) {
            if ((int) meta[2 * i] == hash && Arrays.equals(refs[2 * i], key)) {
                return i;
            }
        }
        return -1;
    }

    private void set(int i, int hash, byte[] key, byte[] value, long expiresAt) {
        meta[2 * i] = hash & 0xFFFF_FFFFL;
        meta[2 * i + 1] = expiresAt;
        refs[2 * i] = key;
        refs[2 * i + 1] = value;
    }

    private int next(int i) {
        return i + 1 == capacity() ? 0 : i + 1;
    }

    /** Multiply-shift: the hash's high bits pick the slot, for any capacity. */
    private int slot(int hash) {
        return (int) (((hash & 0xFFFF_FFFFL) * capacity()) >>> 32);
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

    private void resize(int newCapacity) {
        long[] oldMeta = meta;
        byte[][] oldRefs = refs;
        allocate(newCapacity);
        for (int j = 0; j < oldMeta.length; j += 2) {
            int hash = (int) oldMeta[j];
            if (hash != 0) {
                int i = slot(hash);
                while (meta[2 * i] != 0) {
                    i = next(i);
                }
                set(i, hash, oldRefs[j], oldRefs[j + 1], oldMeta[j + 1]);
            }
        }
    }

    /** Slots in the table, two array elements each. */
    private int capacity() {
        return meta.length / 2;
    }

    private void allocate(int newCapacity) {
        meta = new long[2 * newCapacity];
        refs = new byte[2 * newCapacity][];
    }
}

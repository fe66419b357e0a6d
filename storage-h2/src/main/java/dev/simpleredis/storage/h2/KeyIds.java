package dev.simpleredis.storage.h2;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ids of recently used keys, so that a write can change a key's value row by its id
 * without first finding the id in the index on {@code k}.
 *
 * <p>A hint, never the truth: an id read here may be stale (its key deleted since, and perhaps
 * added again under a new id), and a write by it then changes no row and takes the slow path.
 * That is safe only as long as a value row with some id always belongs to the key whose row has
 * that id, which holds when this engine is the database's only user (see
 * {@link H2StorageEngine}). Direct-mapped: a key has one slot, and a newer key in it replaces
 * the older, so lookups and updates take no lock.
 */
final class KeyIds {

    static final long UNKNOWN = -1;
    private static final int MIN_SLOTS = 1 << 12;
    private static final int MAX_SLOTS = 1 << 20;

    private record Slot(byte[] key, long id) {
    }

    private final AtomicReferenceArray<Slot> slots;
    private final int mask;

    /** A slot per KB of {@code maxHeapBytes}, within bounds: at most about 64 MB when all are used. */
    KeyIds(long maxHeapBytes) {
        int size = Integer.highestOneBit((int) Math.clamp(maxHeapBytes / 1024, MIN_SLOTS, MAX_SLOTS));
        slots = new AtomicReferenceArray<>(size);
        mask = size - 1;
    }

    int capacity() {
        return slots.length();
    }

    /** The id last recorded for {@code key}, or {@link #UNKNOWN}. */
    long get(byte[] key) {
        Slot slot = slots.getPlain(index(key));
        return slot != null && Arrays.equals(slot.key(), key) ? slot.id() : UNKNOWN;
    }

    void put(byte[] key, long id) {
        slots.setPlain(index(key), new Slot(key.clone(), id)); // the caller's array may change later
    }

    private int index(byte[] key) {
        int h = Arrays.hashCode(key);
        return (h ^ h >>> 16) * 0x9E3779B9 >>> 12 & mask;
    }
}

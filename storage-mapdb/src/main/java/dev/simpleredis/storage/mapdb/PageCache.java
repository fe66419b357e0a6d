package dev.simpleredis.storage.mapdb;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clean pages of a {@link JournaledVolume}, as its file holds them, so that reading a B-tree
 * node is a memory copy rather than a {@code pread}. At most a fixed number of pages, evicted
 * by CLOCK: a hit only sets a flag (no lock, no reordering), the hand clears flags until it
 * finds a page not used since its last pass.
 *
 * <p>A page array is never changed once cached: a writer copies it, and a flush caches the new
 * arrays it wrote in place of the old ones.
 *
 * <p>A page read from the file is cached by {@link #fill} only if no flush cached pages since
 * the read began ({@link #generation()}): otherwise the read may have seen the file before that
 * flush wrote it, and would put a stale page back after the flush's own was evicted.
 */
final class PageCache {

    private static final class Entry {
        final long index;
        final byte[] page;
        final int slot;
        volatile boolean used;

        Entry(long index, byte[] page, int slot) {
            this.index = index;
            this.page = page;
            this.slot = slot;
        }
    }

    private final ConcurrentHashMap<Long, Entry> entries;
    /** The CLOCK ring; the slots up to {@code size} hold the same entries as the map. Guarded by {@code this}. */
    private final Entry[] ring;
    private int size;
    private int hand;
    private volatile long generation;

    /** A cache of at most {@code capacity} pages, at least one. */
    PageCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a page cache holds at least one page: " + capacity);
        }
        this.ring = new Entry[capacity];
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** The cached page, or {@code null}; the caller must not change it. */
    byte[] get(long index) {
        Entry entry = entries.get(index);
        if (entry == null) {
            return null;
        }
        entry.used = true;
        return entry.page;
    }

    /** Read before reading a page from the file, and passed to {@link #fill} with the page. */
    long generation() {
        return generation;
    }

    /** Caches a page read from the file, unless a flush cached pages since {@code generation}. */
    synchronized void fill(long index, byte[] page, long generation) {
        if (generation == this.generation && !entries.containsKey(index)) {
            put(index, page);
        }
    }

    /** Caches the pages a flush has just written to the file, in place of what they were. */
    synchronized void committed(Map<Long, byte[]> pages) {
        generation++;
        for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
            put(page.getKey(), page.getValue());
        }
    }

    /** Forgets every page: for when the file may no longer hold what the cache does. */
    synchronized void clear() {
        generation++;
        entries.clear();
        Arrays.fill(ring, null);
        size = 0;
        hand = 0;
    }

    synchronized int size() {
        return size;
    }

    private void put(long index, byte[] page) {
        Entry old = entries.get(index);
        int slot;
        if (old != null) {
            slot = old.slot;
        } else if (size < ring.length) {
            slot = size++;
        } else {
            slot = evict();
        }
        Entry entry = new Entry(index, page, slot);
        ring[slot] = entry;
        entries.put(index, entry);
    }

    /** Advances the hand to a page not used since it last passed, removes that page, returns its slot. */
    private int evict() {
        while (true) {
            Entry candidate = ring[hand];
            int slot = hand;
            hand = (hand + 1) % ring.length;
            if (candidate.used) {
                candidate.used = false;
            } else {
                entries.remove(candidate.index);
                return slot;
            }
        }
    }
}

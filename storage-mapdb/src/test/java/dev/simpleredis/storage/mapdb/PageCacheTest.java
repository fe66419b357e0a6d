package dev.simpleredis.storage.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PageCacheTest {

    @Test
    void aPageReadBeforeACommitIsNotCachedAfterIt() {
        PageCache cache = new PageCache(1);
        byte[] stale = new byte[1];
        byte[] committed = new byte[1];
        long generation = cache.generation(); // a read of page 5 from the file begins
        cache.committed(Map.of(5L, committed));
        cache.committed(Map.of(6L, new byte[1])); // evicts page 5
        cache.fill(5, stale, generation);
        assertNull(cache.get(5));
        cache.fill(5, committed, cache.generation());
        assertSame(committed, cache.get(5));
    }

    @Test
    void aCommitReplacesTheCachedPage() {
        PageCache cache = new PageCache(4);
        byte[] before = new byte[1];
        byte[] after = new byte[1];
        cache.fill(1, before, cache.generation());
        cache.committed(Map.of(1L, after));
        assertSame(after, cache.get(1));
        assertEquals(1, cache.size());
    }

    @Test
    void clockKeepsTheRecentlyUsedPageAndStaysWithinItsCapacity() {
        PageCache cache = new PageCache(3);
        for (long page = 0; page < 3; page++) {
            cache.fill(page, new byte[1], cache.generation());
        }
        cache.fill(3, new byte[1], cache.generation()); // every page unused: the hand takes page 0
        assertNull(cache.get(0));
        assertNotNull(cache.get(1)); // used now: passed over once
        cache.fill(4, new byte[1], cache.generation());
        assertNotNull(cache.get(1));
        assertNull(cache.get(2));
        assertEquals(3, cache.size());
    }
}

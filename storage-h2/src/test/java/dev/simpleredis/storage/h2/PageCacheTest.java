package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The embedded default's page cache: a quarter of the heap, from H2's 16 MB up to 2 GB. */
class PageCacheTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aQuarterOfTheHeapWithinBounds() {
        assertEquals(16 * 1024, H2StorageProvider.pageCacheKb(32 * MB));
        assertEquals(256 * 1024, H2StorageProvider.pageCacheKb(1024 * MB));
        assertEquals(1536 * 1024, H2StorageProvider.pageCacheKb(6 * 1024 * MB));
        assertEquals(2048 * 1024, H2StorageProvider.pageCacheKb(16 * 1024 * MB));
    }
}

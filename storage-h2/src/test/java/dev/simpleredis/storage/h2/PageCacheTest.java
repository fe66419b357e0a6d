package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The embedded default's memory: a page cache of a quarter of the heap, from H2's 16 MB up to
 * 2 GB, and a write buffer of a quarter of the heap, from H2's 19 MB up to what an int holds.
 */
class PageCacheTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aQuarterOfTheHeapWithinBounds() {
        assertEquals(16 * 1024, H2StorageProvider.pageCacheKb(32 * MB));
        assertEquals(256 * 1024, H2StorageProvider.pageCacheKb(1024 * MB));
        assertEquals(1536 * 1024, H2StorageProvider.pageCacheKb(6 * 1024 * MB));
        assertEquals(2048 * 1024, H2StorageProvider.pageCacheKb(16 * 1024 * MB));
    }

    @Test
    void writeBufferIsAQuarterOfTheHeapWithinBounds() {
        assertEquals(19 * MB, H2StorageEngine.writeBufferBytes(32 * MB));
        assertEquals(256 * MB, H2StorageEngine.writeBufferBytes(1024 * MB));
        assertEquals(1536 * MB, H2StorageEngine.writeBufferBytes(6 * 1024 * MB));
        assertEquals(Integer.MAX_VALUE, H2StorageEngine.writeBufferBytes(16 * 1024 * MB));
    }
}

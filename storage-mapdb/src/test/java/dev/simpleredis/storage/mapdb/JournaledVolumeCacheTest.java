package dev.simpleredis.storage.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean-page cache of {@link JournaledVolume}: reads see what was written, whatever is cached. */
class JournaledVolumeCacheTest {

    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private JournaledVolume open(int cachePages) throws IOException {
        JournaledVolume volume = new JournaledVolume(dir.resolve("store"), dir.resolve("store.journal"), cachePages, 1 << 20);
        volume.endCreation(); // no MapDB here to set up a store: commit from the first sync
        return volume;
    }

    /** A commit as the engine makes it: MapDB's commit seals, then the flush makes it durable. */
    static void commit(JournaledVolume volume) throws IOException {
        volume.sync();
        volume.flush();
    }

    @Test
    void readsSeeWritesBeforeAndAfterEachCommit() throws IOException {
        try (JournaledVolume volume = open(64)) {
            volume.putLong(8, 1);
            assertEquals(1, volume.getLong(8));
            commit(volume);
            assertEquals(1, volume.getLong(8)); // now from the cache
            volume.putLong(8, 2);
            volume.putLong(PAGE + 16, 3);
            assertEquals(2, volume.getLong(8));
            commit(volume);
            assertEquals(2, volume.getLong(8));
            assertEquals(3, volume.getLong(PAGE + 16));
        }
        try (JournaledVolume volume = open(64)) {
            assertEquals(2, volume.getLong(8));
            assertEquals(3, volume.getLong(PAGE + 16));
        }
    }

    @Test
    void aPageCachedBeforeItWasDirtiedReadsAsTheFileHasItAfterARollback() throws IOException {
        try (JournaledVolume volume = open(64)) {
            volume.putLong(PAGE, 7);
            commit(volume);
        }
        try (JournaledVolume volume = open(64)) {
            assertEquals(7, volume.getLong(PAGE)); // cached
            volume.putLong(PAGE, 8);
            volume.putLong(PAGE + 8, 9);
            assertEquals(8, volume.getLong(PAGE));
            // closing without a sync is MapDB's rollback: the dirty pages go
        }
        try (JournaledVolume volume = open(64)) {
            assertEquals(7, volume.getLong(PAGE));
            assertEquals(0, volume.getLong(PAGE + 8));
        }
        assertEquals(7, ByteBuffer.wrap(Files.readAllBytes(dir.resolve("store")), PAGE, 8).getLong());
    }

    @Test
    void aTinyCacheEvictsAndStillReadsEveryPageRight() throws IOException {
        int pages = 40;
        try (JournaledVolume volume = open(2)) {
            for (int round = 0; round < 3; round++) {
                for (int p = 0; p < pages; p++) {
                    volume.putData((long) p * PAGE + 100, content(p, round), 0, 300);
                }
                commit(volume);
                // forwards, backwards and each page twice in a row, so the CLOCK hand moves both ways
                for (int p = 0; p < pages; p++) {
                    assertPage(volume, p, round);
                }
                for (int p = pages - 1; p >= 0; p--) {
                    assertPage(volume, p, round);
                    assertPage(volume, p, round);
                }
            }
        }
        try (JournaledVolume volume = open(1)) {
            for (int p = pages - 1; p >= 0; p--) {
                assertPage(volume, p, 2);
            }
        }
    }

    @Test
    void beyondTheEndOfTheFileReadsZerosUntilWritten() throws IOException {
        try (JournaledVolume volume = open(8)) {
            volume.putLong(0, 1);
            commit(volume);
            long far = 10L * PAGE - 4; // a long across the boundary of two pages the file does not have
            assertEquals(0, volume.getLong(far));
            byte[] span = new byte[2 * PAGE + 10];
            volume.getData(9L * PAGE - 5, span, 0, span.length);
            assertArrayEquals(new byte[span.length], span);
            volume.putLong(far, 0x0102030405060708L);
            commit(volume);
            assertEquals(0x0102030405060708L, volume.getLong(far));
            assertEquals(0x01020304, volume.getInt(far));
            assertEquals(0, volume.getLong(far - 8));
            assertEquals(11L * PAGE, Files.size(dir.resolve("store")));
        }
        try (JournaledVolume volume = open(8)) {
            assertEquals(0x0102030405060708L, volume.getLong(10L * PAGE - 4));
        }
    }

    @Test
    void readsAcrossPagesMixDirtyAndCleanPages() throws IOException {
        try (JournaledVolume volume = open(4)) {
            byte[] clean = new byte[3 * PAGE];
            Arrays.fill(clean, (byte) 1);
            volume.putData(0, clean, 0, clean.length);
            commit(volume);
            volume.putByte(PAGE + 5, (byte) 2); // the middle page dirty, the others clean and cached
            byte[] expected = clean.clone();
            expected[PAGE + 5] = 2;
            byte[] read = new byte[clean.length - 2];
            volume.getData(1, read, 0, read.length);
            assertArrayEquals(Arrays.copyOfRange(expected, 1, expected.length - 1), read);
            assertEquals(1, volume.getDataInput(PAGE + 4, 3).readByte());
        }
    }

    private static byte[] content(int page, int round) {
        byte[] bytes = new byte[300];
        Arrays.fill(bytes, (byte) (page * 7 + round));
        return bytes;
    }

    private static void assertPage(JournaledVolume volume, int page, int round) {
        byte[] read = new byte[300];
        volume.getData((long) page * PAGE + 100, read, 0, read.length);
        assertArrayEquals(content(page, round), read, "page " + page + " after round " + round);
        assertEquals(0, volume.getLong((long) page * PAGE + 400));
    }
}

package dev.simpleredis.storage.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapdbStoreOpeningTest {

    @TempDir
    Path dir;

    @Test
    void anUnreadableStoreIsReportedWithItsPathAndNotReplaced() throws Exception {
        byte[] garbage = "this is not a MapDB store, and it must stay as it is".repeat(100).getBytes();
        Path file = dir.resolve("simpleredis.mapdb");
        Files.write(file, garbage);
        for (int attempt = 0; attempt < 2; attempt++) {
            StorageException e = assertThrows(StorageException.class, () -> open(Fsync.NO, Map.of()));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("Wrong file header"), "and the cause: " + e.getMessage());
        }
        assertArrayEquals(garbage, Files.readAllBytes(file));
    }

    @Test
    void aStoreInUseIsRefused() {
        try (StorageEngine first = open(Fsync.NO, Map.of())) {
            first.put(bytes("k"), StoredValue.of(bytes("v")));
            StorageException e = assertThrows(StorageException.class, () -> open(Fsync.NO, Map.of()));
            assertTrue(e.getMessage().contains("simpleredis.mapdb"), e.getMessage());
            assertEquals(StoredValue.of(bytes("v")), first.get(bytes("k")));
        }
    }

    /**
     * The native library that lz4-java unpacks into the temporary directory for MapDB's hashing
     * is deleted once loaded, so that a server killed with {@code kill -9} leaves none behind.
     */
    @Test
    void anOpenedStoreLeavesNoUnpackedLz4LibraryInTheTemporaryDirectory() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs /proc/self/maps (Linux)");
        try (StorageEngine engine = open(Fsync.NO, Map.of())) {
            engine.put(bytes("k"), StoredValue.of(bytes("v")));
            assertTrue(Files.readString(maps).contains("/liblz4-java"), "the library is loaded");
            assertEquals(List.of(), UnpackedLz4Library.mapped());
        }
    }

    @Test
    void theFileNameCanBeChosen() {
        try (StorageEngine engine = open(Fsync.NO, Map.of("file", "other.db"))) {
            engine.put(bytes("k"), StoredValue.of(bytes("v")));
        }
        assertTrue(Files.exists(dir.resolve("other.db")));
        try (StorageEngine engine = open(Fsync.NO, Map.of("file", "other.db"))) {
            assertEquals(StoredValue.of(bytes("v")), engine.get(bytes("k")));
        }
    }

    /**
     * Under fsync=no MapDB still commits once a second: a copy of the files taken while the
     * engine is still open, as a crash would leave them, holds what was written before.
     */
    @Test
    void fsyncNoStillCommitsEverySecond() throws Exception {
        Path copy = Files.createDirectory(dir.resolve("copy"));
        try (StorageEngine engine = open(Fsync.NO, Map.of("file", "live.mapdb"))) {
            engine.put(bytes("k"), StoredValue.of(bytes("v")));
            Thread.sleep(2500);
            Files.copy(dir.resolve("live.mapdb"), copy.resolve("simpleredis.mapdb"));
            Files.copy(dir.resolve("live.mapdb.journal"), copy.resolve("simpleredis.mapdb.journal"));
        }
        try (StorageEngine engine = new MapdbStorageProvider().open(StorageConfig.of(copy, Fsync.NO))) {
            assertEquals(StoredValue.of(bytes("v")), engine.get(bytes("k")));
        }
    }

    @Test
    void aBadPageCacheSizeIsRefusedNamingTheProperty() {
        for (String bad : new String[] {"0", "-1", "lots", "65537"}) {
            StorageException e = assertThrows(StorageException.class, () -> open(Fsync.NO, Map.of("page-cache-mb", bad)));
            assertTrue(e.getMessage().contains("simpleredis.mapdb.page-cache-mb"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void theDefaultPageCacheIsAnEighthOfTheHeapAtMost256Mb() {
        assertEquals(1, MapdbStorageProvider.defaultPageCacheMb(4L << 20));
        assertEquals(64, MapdbStorageProvider.defaultPageCacheMb(512L << 20));
        assertEquals(256, MapdbStorageProvider.defaultPageCacheMb(8L << 30));
    }

    /** A store several times the size of its cache: pages are evicted and read again, across commits. */
    @Test
    void aStoreLargerThanItsPageCacheReadsBackWhole() {
        Map<String, String> tiny = Map.of("page-cache-mb", "1");
        String padding = "v".repeat(200);
        try (StorageEngine engine = open(Fsync.ALWAYS, tiny)) {
            for (int i = 0; i < 20_000; i++) {
                engine.put(bytes("key" + i), StoredValue.of(bytes(padding + i)));
                if (i % 5_000 == 4_999) {
                    engine.awaitDurable(); // a commit now and then, so later writes change committed pages
                }
            }
            for (int i = 0; i < 20_000; i += 7) {
                engine.put(bytes("key" + i), StoredValue.of(bytes("new" + i)));
            }
            for (int i = 0; i < 20_000; i++) {
                assertEquals(StoredValue.of(bytes(i % 7 == 0 ? "new" + i : padding + i)), engine.get(bytes("key" + i)));
            }
        }
        try (StorageEngine engine = open(Fsync.NO, tiny)) {
            for (int i = 19_999; i >= 0; i--) {
                assertEquals(StoredValue.of(bytes(i % 7 == 0 ? "new" + i : padding + i)), engine.get(bytes("key" + i)));
            }
        }
    }

    private StorageEngine open(Fsync fsync, Map<String, String> properties) {
        return new MapdbStorageProvider().open(new StorageConfig(dir, fsync, properties));
    }

    private static byte[] bytes(String text) {
        return text.getBytes();
    }
}

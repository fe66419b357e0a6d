package dev.simpleredis.storage.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory engine's append-only log, on real files. */
class AppendOnlyLogTest {

    @TempDir
    Path dir;

    private MemoryStorageEngine open(Map<String, String> settings) {
        return (MemoryStorageEngine) new MemoryStorageProvider().open(new StorageConfig(dir, Fsync.ALWAYS, settings));
    }

    private MemoryStorageEngine open() {
        return open(Map.of());
    }

    private Path logFile() {
        return dir.resolve(AppendOnlyLog.FILE_NAME);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(StoredValue v) {
        return v == null ? null : new String(v.value(), StandardCharsets.UTF_8);
    }

    /** Writes of every kind, then reopens: the same data, expiry included. */
    @Test
    void replaysEveryKindOfWrite() {
        long expiry = System.currentTimeMillis() + 3_600_000;
        try (StorageEngine e = open()) {
            e.put(b("a"), StoredValue.of(b("1")));
            e.put(b("b"), new StoredValue(b("2"), expiry));
            e.write(new WriteBatch().put(b("c"), StoredValue.of(b("3"))).delete(b("a")).put(b("d"), StoredValue.of(new byte[0])));
            e.compute(b("c"), v -> StoredValue.of(b("30")));
            e.put(b("x1"), StoredValue.of(b("gone")));
            e.put(b("x2"), StoredValue.of(b("gone")));
            e.deleteRange(b("x"), b("y"));
            e.awaitDurable();
        }
        try (StorageEngine e = open()) {
            assertNull(e.get(b("a")));
            assertEquals(new StoredValue(b("2"), expiry), e.get(b("b")));
            assertEquals("30", text(e.get(b("c"))));
            assertArrayEquals(new byte[0], e.get(b("d")).value());
            assertNull(e.get(b("x1")));
            assertEquals(3, e.count(null, null));
        }
    }

    @Test
    void offMeansNoFile() {
        try (StorageEngine e = open(Map.of("aof", "false"))) {
            e.put(b("a"), StoredValue.of(b("1")));
        }
        assertTrue(Files.notExists(logFile()));
    }

    @Test
    void garbageAtTheEndIsDroppedWithTheDataIntact() throws IOException {
        try (StorageEngine e = open()) {
            for (int i = 0; i < 100; i++) {
                e.put(b("k" + i), StoredValue.of(b("v" + i)));
            }
        }
        long good = Files.size(logFile());
        Files.write(logFile(), b("\u0000\u00ffgarbage*3\r\n$3\r\nSE"), java.nio.file.StandardOpenOption.APPEND);
        try (StorageEngine e = open()) {
            assertEquals(100, e.count(null, null));
            assertEquals("v99", text(e.get(b("k99"))));
        }
        assertEquals(good, Files.size(logFile()), "the damaged tail is cut off");
    }

    @Test
    void tornLastRecordIsDropped() throws IOException {
        try (StorageEngine e = open()) {
            e.put(b("first"), StoredValue.of(b("1")));
            e.put(b("second"), StoredValue.of(b("2")));
        }
        byte[] log = Files.readAllBytes(logFile());
        Files.write(logFile(), java.util.Arrays.copyOf(log, log.length - 5));
        try (StorageEngine e = open()) {
            assertEquals("1", text(e.get(b("first"))));
            assertNull(e.get(b("second")));
        }
    }

    /**
     * A BATCH record cut short, as a kill during its write leaves it: the records it holds whole
     * are part of it, not records after the damage, so it is a torn tail, dropped, and the
     * store opens.
     */
    @Test
    void aTornBatchIsDroppedThoughTheRecordsItHoldsWholeLookLikeRecords() throws IOException {
        try (StorageEngine e = open()) {
            e.put(b("before"), StoredValue.of(b("1")));
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 5; i++) {
                batch.put(b("batched" + i), StoredValue.of(b("v" + i)));
            }
            e.write(batch);
        }
        byte[] log = Files.readAllBytes(logFile());
        Files.write(logFile(), java.util.Arrays.copyOf(log, log.length - 10)); // into its last record
        try (StorageEngine e = open()) {
            assertEquals("1", text(e.get(b("before"))));
            assertEquals(1, e.count(null, null), "the batch is dropped whole");
        }
    }

    @Test
    void corruptionInTheMiddleRefusesToStartUnlessRepairIsOn() throws IOException {
        try (StorageEngine e = open()) {
            for (int i = 0; i < 10; i++) {
                e.put(b("k" + i), StoredValue.of(b("v" + i)));
            }
        }
        byte[] log = Files.readAllBytes(logFile());
        int recordLength = log.length / 10;
        int offset = 5 * recordLength;
        log[offset] = '!';
        Files.write(logFile(), log);

        StorageException refused = assertThrows(StorageException.class, this::open);
        assertTrue(refused.getMessage().contains("offset " + offset), refused.getMessage());
        assertTrue(refused.getMessage().contains("simpleredis.aof.repair=true"), refused.getMessage());
        assertEquals(log.length, Files.size(logFile()), "a refused log is left as it was");

        try (StorageEngine e = open(Map.of("aof.repair", "true"))) {
            assertEquals(5, e.count(null, null));
            assertEquals("v4", text(e.get(b("k4"))));
        }
        assertEquals(offset, Files.size(logFile()));
    }

    /** 1,000,000 overwrites of 1,000 keys, then a rewrite: the log is within 2x of the live data. */
    @Test
    void rewriteCompactsToTheLiveData() throws Exception {
        byte[] value = new byte[100];
        Random random = new Random(7);
        Map<String, byte[]> expected = new HashMap<>();
        long logBefore;
        try (MemoryStorageEngine e = open(Map.of("aof.rewrite-min-size", "100000000000"))) {
            for (int i = 0; i < 1_000_000; i++) {
                random.nextBytes(value);
                String key = "key:" + (i % 1000);
                byte[] v = value.clone();
                e.put(b(key), StoredValue.of(v));
                expected.put(key, v);
            }
            e.awaitDurable();
            logBefore = Files.size(logFile());
            assertTrue(e.compact());
            e.appendOnlyLog().awaitRewrite();
        }
        long live = expected.entrySet().stream().mapToLong(en -> b(en.getKey()).length + en.getValue().length).sum();
        long logAfter = Files.size(logFile());
        System.out.printf("log %d bytes before rewrite, %d after; live data %d bytes; ratio %.2f%n",
                logBefore, logAfter, live, (double) logAfter / live);
        assertTrue(logAfter <= 2 * live, "log " + logAfter + " bytes for " + live + " bytes of live data");
        try (StorageEngine e = open()) {
            assertEquals(expected.size(), e.count(null, null));
            expected.forEach((k, v) -> assertArrayEquals(v, e.get(b(k)).value(), k));
        }
    }

    /** The log grows past the ratio: a rewrite starts by itself, and writes during it survive. */
    @Test
    void automaticRewriteKeepsConcurrentWrites() throws Exception {
        Map<String, String> expected = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (MemoryStorageEngine e = open(Map.of("aof.rewrite-min-size", "20000", "aof.rewrite-ratio", "2"))) {
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200_000 && !stop.get(); i++) {
                    String key = "w" + (i % 500);
                    String v = "value-" + i;
                    e.put(b(key), StoredValue.of(b(v)));
                    expected.put(key, v);
                    if (i % 1000 == 0) {
                        e.delete(b("w" + (i % 7)));
                        expected.remove("w" + (i % 7));
                    }
                }
            });
            writer.join(60_000);
            stop.set(true);
            e.appendOnlyLog().awaitRewrite();
        }
        long size = Files.size(logFile());
        try (StorageEngine e = open()) {
            assertEquals(expected.size(), e.count(null, null));
            expected.forEach((k, v) -> assertEquals(v, text(e.get(b(k))), k));
        }
        assertTrue(size < 200_000L * 30, "rewrites kept the log small: " + size);
    }

    @Test
    void badSettingNamesTheProperty() {
        StorageException e = assertThrows(StorageException.class, () -> open(Map.of("aof", "maybe")));
        assertTrue(e.getMessage().startsWith("simpleredis.aof:"), e.getMessage());
    }
}

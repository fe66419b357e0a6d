package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine's redo log ({@link RedoLog}) under {@code fsync=always}: a crash is
 * imitated by copying the database file and the log while the engine is open, as a crash would
 * leave them.
 */
class H2RedoLogTest {

    private static final String DB = "simpleredis";

    @TempDir
    Path dir;

    @Test
    void theLogBringsBackWritesTheDatabaseFileLacks() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        open(a, Fsync.NO).close();
        copy(a, b, DB + ".mv.db"); // a store without the writes below
        NavigableMap<byte[], StoredValue> expected;
        try (StorageEngine engine = open(a, Fsync.ALWAYS)) {
            engine.write(new WriteBatch()
                    .put(key("k1"), new StoredValue(key("v1"), System.currentTimeMillis() + 3_600_000))
                    .put(key("k2"), StoredValue.of(key("v2")))
                    .put(key("e1"), StoredValue.of(new byte[0]))
                    .put(key("e2"), StoredValue.of(new byte[0]))
                    .put(key("e3"), StoredValue.of(key("x"))));
            engine.put(key("single"), StoredValue.of(key("s")));
            for (int i = 0; i < 2; i++) {
                engine.compute(key("counter"), current -> StoredValue.of(key(current == null ? "1" : "2")));
            }
            engine.delete(key("k2"));
            engine.write(new WriteBatch().deleteRange(key("e1"), key("e3")).put(key("e9"), StoredValue.of(key("y"))));
            engine.put(key("z1"), StoredValue.of(key("gone")));
            engine.deleteRange(key("z"), null);
            engine.awaitDurable();
            expected = scan(engine);
            copy(a, b, DB + RedoLog.SUFFIX);
        }
        assertEquals(List.of("counter", "e3", "e9", "k1", "single"), keys(expected));
        try (StorageEngine engine = open(b, Fsync.ALWAYS)) {
            assertSame(expected, scan(engine));
        }
        assertEquals(0, Files.size(b.resolve(DB + RedoLog.SUFFIX)), "replayed, checkpointed and emptied");
    }

    /** Opened with {@code fsync=no}, the engine still replays a log it finds, and then removes it. */
    @Test
    void aLogIsReplayedWhateverFsyncIsNow() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        open(a, Fsync.NO).close();
        copy(a, b, DB + ".mv.db");
        try (StorageEngine engine = open(a, Fsync.ALWAYS)) {
            engine.write(new WriteBatch().put(key("a"), StoredValue.of(key("1"))).put(key("b"), StoredValue.of(key("2"))));
            engine.awaitDurable();
            copy(a, b, DB + RedoLog.SUFFIX);
        }
        try (StorageEngine engine = open(b, Fsync.NO)) {
            assertEquals(StoredValue.of(key("1")), engine.get(key("a")));
            assertEquals(StoredValue.of(key("2")), engine.get(key("b")));
        }
        assertFalse(Files.exists(b.resolve(DB + RedoLog.SUFFIX)));
    }

    /**
     * Records the database already holds are not replayed: here an older log comes back, as one
     * whose emptying did not reach the disk would. Replaying its write of two keys would set them
     * back; so would replaying its single-key write.
     */
    @Test
    void recordsTheDatabaseHoldsAreSkipped() throws IOException {
        Path redo = dir.resolve(DB + RedoLog.SUFFIX);
        byte[] older;
        try (StorageEngine engine = open(dir, Fsync.ALWAYS)) {
            engine.write(new WriteBatch().put(key("a"), StoredValue.of(key("1"))).put(key("b"), StoredValue.of(key("1"))));
            engine.put(key("c"), StoredValue.of(key("1")));
            engine.awaitDurable();
            older = Files.readAllBytes(redo);
            engine.write(new WriteBatch().put(key("a"), StoredValue.of(key("2"))).put(key("b"), StoredValue.of(key("2"))));
            engine.put(key("c"), StoredValue.of(key("2")));
        }
        assertTrue(older.length > 0);
        Files.write(redo, older);
        try (StorageEngine engine = open(dir, Fsync.ALWAYS)) {
            for (String k : List.of("a", "b", "c")) {
                assertEquals(StoredValue.of(key("2")), engine.get(key(k)), k);
            }
        }
    }

    /**
     * The log is emptied once it holds {@code redoCheckpointBytes}, and numbers on from where the
     * database's stored number stopped: a crash after some checkpoints loses nothing. H2 is kept
     * from writing its file between checkpoints, so the copied file is the last checkpoint's.
     */
    @Test
    void checkpointsKeepTheLogShortAndLoseNothing() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        long limit = 4096;
        NavigableMap<byte[], StoredValue> expected;
        long firstLsn;
        try (StorageEngine engine = open(url(a, "WRITE_DELAY=1000000"), Fsync.ALWAYS, limit)) {
            for (int i = 0; i < 300; i++) {
                engine.write(new WriteBatch()
                        .put(key("x" + i), StoredValue.of(key("value-" + i)))
                        .put(key("y" + i % 7), StoredValue.of(key("value-" + i))));
                engine.awaitDurable();
                assertTrue(Files.size(a.resolve(DB + RedoLog.SUFFIX)) < limit, "after write " + i);
            }
            expected = scan(engine);
            List<Long> lsns = new ArrayList<>();
            RedoLog.read(a.resolve(DB + RedoLog.SUFFIX), entry -> lsns.add(entry.lsn()));
            assertFalse(lsns.isEmpty());
            firstLsn = lsns.getFirst();
            copy(a, b, DB + ".mv.db");
            copy(a, b, DB + RedoLog.SUFFIX);
        }
        assertTrue(firstLsn > 1, "the log was emptied on the way: " + firstLsn);
        assertEquals(307, expected.size());
        try (StorageEngine engine = open(b, Fsync.ALWAYS)) {
            assertSame(expected, scan(engine));
        }
    }

    /**
     * H2 can write a transaction to its file before the log has its record. When that write
     * changed several keys, the database also holds its number, so the log's older records for
     * those keys are not replayed over part of it. {@code WRITE_DELAY=0} has H2 write each
     * commit to its file at once.
     */
    @Test
    void aWriteOfSeveralKeysTheLogLacksStaysWhole() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        byte[] logWithoutIt;
        try (StorageEngine engine = open(url(a, "WRITE_DELAY=0"), Fsync.ALWAYS, H2StorageEngine.REDO_CHECKPOINT_BYTES)) {
            engine.put(key("a"), StoredValue.of(key("1")));
            engine.awaitDurable();
            logWithoutIt = Files.readAllBytes(a.resolve(DB + RedoLog.SUFFIX));
            engine.write(new WriteBatch().put(key("a"), StoredValue.of(key("2"))).put(key("b"), StoredValue.of(key("2"))));
            copy(a, b, DB + ".mv.db");
        }
        Files.write(b.resolve(DB + RedoLog.SUFFIX), logWithoutIt);
        try (StorageEngine engine = open(b, Fsync.ALWAYS)) {
            assertEquals(StoredValue.of(key("2")), engine.get(key("a")));
            assertEquals(StoredValue.of(key("2")), engine.get(key("b")));
        }
    }

    /** A torn tail found at open is cut off, so that the records logged after it can be read. */
    @Test
    void recordsAfterATornTailAreNotLost() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        open(a, Fsync.NO).close();
        Files.write(a.resolve(DB + RedoLog.SUFFIX), new byte[] {0, 0, 0, 40, 1, 2, 3});
        try (StorageEngine engine = open(url(a, "WRITE_DELAY=1000000"), Fsync.ALWAYS, H2StorageEngine.REDO_CHECKPOINT_BYTES)) {
            engine.put(key("after"), StoredValue.of(key("1")));
            engine.awaitDurable();
            copy(a, b, DB + ".mv.db");
            copy(a, b, DB + RedoLog.SUFFIX);
        }
        try (StorageEngine engine = open(b, Fsync.ALWAYS)) {
            assertEquals(StoredValue.of(key("1")), engine.get(key("after")));
        }
    }

    @Test
    void theLogLiesBesideAFileDatabase() {
        assertEquals(Path.of("/data/simpleredis.redo"), H2StorageEngine.redoFile("/data/simpleredis"));
        assertEquals(Path.of("/data/simpleredis.redo"), H2StorageEngine.redoFile("retry:/data/simpleredis"));
        assertEquals(Path.of("/data/simpleredis.redo"), H2StorageEngine.redoFile("retry:nio:/data/simpleredis"));
        assertEquals(Path.of("C:/data/simpleredis.redo"), H2StorageEngine.redoFile("retry:C:/data/simpleredis"));
        assertNull(H2StorageEngine.redoFile("mem:test"));
        assertNull(H2StorageEngine.redoFile("memFS:/data/simpleredis"));
    }

    @Test
    void anInMemoryDatabaseHasNoLog() throws IOException {
        try (StorageEngine engine = new H2StorageProvider().open(new StorageConfig(dir, Fsync.ALWAYS,
                Map.of("url", "jdbc:h2:mem:redo-test;DB_CLOSE_DELAY=-1")))) {
            engine.put(key("a"), StoredValue.of(key("1")));
            engine.awaitDurable();
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static StorageEngine open(Path dir, Fsync fsync) {
        return new H2StorageProvider().open(StorageConfig.of(dir, fsync));
    }

    private static String url(Path dir, String setting) {
        return "jdbc:h2:file:retry:" + dir.resolve(DB).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;" + setting;
    }

    private static StorageEngine open(String url, Fsync fsync, long redoCheckpointBytes) {
        return H2StorageEngine.open(url, "sa", "", 2, fsync, redoCheckpointBytes);
    }

    private static void copy(Path from, Path to, String name) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve(name), to.resolve(name));
    }

    private static NavigableMap<byte[], StoredValue> scan(StorageEngine engine) {
        NavigableMap<byte[], StoredValue> all = new TreeMap<>(Arrays::compareUnsigned);
        engine.scan(null, null, (k, v) -> {
            all.put(k, v);
            return true;
        });
        return all;
    }

    private static void assertSame(NavigableMap<byte[], StoredValue> expected, NavigableMap<byte[], StoredValue> actual) {
        assertEquals(keys(expected), keys(actual));
        expected.forEach((k, v) -> assertEquals(v, actual.get(k), new String(k, StandardCharsets.UTF_8)));
    }

    private static List<String> keys(NavigableMap<byte[], StoredValue> map) {
        return map.keySet().stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

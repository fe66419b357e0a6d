package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that writes to an embedded store from several threads (new keys and overwrites) is
 * killed with {@code kill -9}, again and again; after each kill the database must hold every
 * written record whole: each key row with its value row and its entry in the unique index, and no
 * value row without its key. Rounds take turns between {@code fsync=no}, where the engine stores
 * the database once a second, and {@code everysec} with a redo log, synced once a second, that
 * the database takes in at each sync, the log then holding more than {@link #REDO_CHECKPOINT_BYTES}.
 * {@code -Dh2.kill.rounds=N} runs more rounds (8 by default).
 */
class KillTest {

    private static final int ROUNDS = Integer.getInteger("h2.kill.rounds", 8);
    private static final int WRITERS = 4;
    private static final long REDO_CHECKPOINT_BYTES = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void everyRecordComesBackWholeAfterKill9() throws Exception {
        long before = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dir.toString(), "r" + round,
                    (round % 2 == 1 ? Fsync.NO : Fsync.EVERYSEC).name())
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("writing", out.readLine(), "the writer process started");
                Thread.sleep(ThreadLocalRandom.current().nextLong(800, 2000));
            } finally {
                writer.destroyForcibly(); // SIGKILL
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            }
            long records = check(round);
            assertTrue(records >= before, "after kill " + round + ": " + records + " records, " + before + " before");
            before = records;
        }
        assertTrue(before > 0, "the writers wrote");
    }

    /** Opens the store as the engine does, then checks its tables; returns the number of records. */
    private long check(int round) throws SQLException {
        try (StorageEngine engine = new H2StorageProvider().open(StorageConfig.of(dir, Fsync.EVERYSEC))) {
            engine.get(new byte[] {0});
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("simpleredis"), "sa", "");
             Statement s = c.createStatement()) {
            long keys = count(s, "SELECT COUNT(*) FROM keys USE INDEX (" + index(s, "PRIMARY KEY") + ")");
            long indexed = count(s, "SELECT COUNT(*) FROM keys USE INDEX (" + index(s, "UNIQUE INDEX") + ") WHERE k IS NOT NULL");
            long keysWithoutValue = count(s, "SELECT COUNT(*) FROM keys kk WHERE NOT EXISTS (SELECT 1 FROM vals vv WHERE vv.id = kk.id)");
            long valuesWithoutKey = count(s, "SELECT COUNT(*) FROM vals vv WHERE NOT EXISTS (SELECT 1 FROM keys kk WHERE kk.id = vv.id)");
            String state = "after kill " + round + ": " + keys + " key rows, " + indexed + " in the index, "
                    + keysWithoutValue + " without a value, " + valuesWithoutKey + " values without a key";
            assertEquals(List.of(keys, 0L, 0L), List.of(indexed, keysWithoutValue, valuesWithoutKey), state);
            return keys;
        }
    }

    /** The name H2 gave the index of {@code keys} of the given type. */
    private static String index(Statement s, String type) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                + " WHERE TABLE_NAME = 'KEYS' AND INDEX_TYPE_NAME = '" + type + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The process that is killed: {@link #WRITERS} threads each writing its own keys, one batch at a time. */
    public static final class Writer {
        public static void main(String[] args) throws InterruptedException {
            StorageEngine engine = H2StorageEngine.open(H2StorageProvider.defaultUrl(Path.of(args[0])), "sa", "",
                    H2StorageProvider.DEFAULT_POOL_SIZE, Fsync.valueOf(args[2]), REDO_CHECKPOINT_BYTES);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                String prefix = args[1] + ":" + t + ":";
                threads.add(Thread.ofPlatform().start(() -> {
                    for (long i = 1; i < 10_000_000; i++) {
                        // every other write overwrites an earlier key, so that chunks empty and get compacted
                        long n = i % 2 == 0 ? i : ThreadLocalRandom.current().nextLong(i);
                        byte[] value = ("value-" + i + "-" + "x".repeat((int) (i % 50))).getBytes(StandardCharsets.UTF_8);
                        engine.write(new WriteBatch().put((prefix + n).getBytes(StandardCharsets.UTF_8),
                                new StoredValue(value, StoredValue.NO_EXPIRY)));
                    }
                }));
            }
            System.out.println("writing");
            System.out.flush();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}

package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreOpeningTest {

    @TempDir
    Path dir;

    @Test
    void aNewerSchemaIsRefusedAndLeftAlone() throws Exception {
        new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO)).close();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("simpleredis"), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (4)");
        }
        StorageException e = assertThrows(StorageException.class, () -> new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO)));
        assertTrue(e.getMessage().contains("schema version 4"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    /**
     * A second engine on an embedded store that this process has open is refused, with a message
     * that says so; the first is unharmed, and once it is closed the store opens again.
     */
    @Test
    void anEmbeddedStoreTakesOneEngineAtATime() {
        StorageEngine first = new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO));
        first.put(new byte[] {1}, StoredValue.of(new byte[] {2}));
        StorageException e = assertThrows(StorageException.class, () -> new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO)));
        assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
        assertEquals(StoredValue.of(new byte[] {2}), first.get(new byte[] {1}));
        first.close();
        first.close();
        try (StorageEngine again = new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO))) {
            assertEquals(StoredValue.of(new byte[] {2}), again.get(new byte[] {1}));
            first.close(); // closing the old engine again does not release the new one's claim
            assertThrows(StorageException.class, () -> new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO)));
        }
    }

    /** Version 1 kept every record in kv; version 3 keeps keys apart from values, a bare record as its key alone. */
    @Test
    void aVersion1StoreIsMigrated() throws Exception {
        NavigableMap<byte[], StoredValue> records = oldRecords();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INT NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO schema_version VALUES (1)");
            createKv(c, records);
        }
        assertMigrated(records);
    }

    /**
     * Version 2 kept the bare records in ks, the others in kv; a race between processes could
     * leave a key in both, which read as its kv record.
     */
    @Test
    void aVersion2StoreIsMigrated() throws Exception {
        NavigableMap<byte[], StoredValue> records = oldRecords();
        NavigableMap<byte[], StoredValue> inKv = new TreeMap<>(Arrays::compareUnsigned);
        records.forEach((k, v) -> {
            if (v.value().length > 0 || v.expiresAt() != StoredValue.NO_EXPIRY) {
                inKv.put(k, v);
            }
        });
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INT NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO schema_version VALUES (1), (2)");
            createKv(c, inKv);
            s.execute("CREATE TABLE ks (k VARBINARY PRIMARY KEY)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO ks VALUES (?)")) {
                for (byte[] key : List.of(bytes("bare-a"), new byte[] {(byte) 0xff, 0}, bytes("value"))) {
                    insert.setBytes(1, key);
                    insert.executeUpdate();
                }
            }
        }
        assertMigrated(records);
    }

    private static NavigableMap<byte[], StoredValue> oldRecords() {
        long expiry = System.currentTimeMillis() + 86_400_000;
        NavigableMap<byte[], StoredValue> records = new TreeMap<>(Arrays::compareUnsigned);
        records.put(bytes("bare-a"), StoredValue.of(new byte[0]));
        records.put(new byte[] {(byte) 0xff, 0}, StoredValue.of(new byte[0]));
        records.put(bytes("value"), StoredValue.of(bytes("v")));
        records.put(bytes("empty-with-expiry"), new StoredValue(new byte[0], expiry));
        records.put(bytes("value-with-expiry"), new StoredValue(bytes("w"), expiry));
        byte[] large = new byte[100 * 1024];
        new Random(1).nextBytes(large);
        records.put(bytes("large"), StoredValue.of(large));
        return records;
    }

    private static void createKv(Connection c, Map<byte[], StoredValue> records) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kv (k VARBINARY PRIMARY KEY, v VARBINARY NOT NULL, expires_at BIGINT NOT NULL)");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
            for (Map.Entry<byte[], StoredValue> e : records.entrySet()) {
                insert.setBytes(1, e.getKey());
                insert.setBytes(2, e.getValue().value());
                insert.setLong(3, e.getValue().expiresAt());
                insert.executeUpdate();
            }
        }
    }

    /** Read back twice, the second time from a store already at version 3; the old tables are gone. */
    private void assertMigrated(NavigableMap<byte[], StoredValue> records) throws SQLException {
        for (int open = 0; open < 2; open++) {
            try (StorageEngine engine = new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO))) {
                assertEquals(entries(records), scanned(engine, false));
                assertEquals(entries(records.descendingMap()), scanned(engine, true));
                for (Map.Entry<byte[], StoredValue> e : records.entrySet()) {
                    assertEquals(e.getValue(), engine.get(e.getKey()));
                }
                assertEquals(List.copyOf(records.values()), engine.getAll(List.copyOf(records.keySet())));
                assertEquals(records.size(), engine.count(null, null));
            }
            try (Connection c = connect(); Statement s = c.createStatement()) {
                assertEquals(3, single(s, "SELECT MAX(version) FROM schema_version"));
                assertEquals(records.size(), single(s, "SELECT COUNT(*) FROM keys"));
                assertEquals(records.size() - 2, single(s, "SELECT COUNT(*) FROM vals"));
                assertEquals(0, single(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('KV', 'KS')"));
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("simpleredis"), "sa", "");
    }

    private static long single(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Entries as comparable strings, in order. */
    private static List<String> entries(Map<byte[], StoredValue> records) {
        List<String> entries = new ArrayList<>();
        records.forEach((k, v) -> entries.add(HexFormat.of().formatHex(k) + "=" + HexFormat.of().formatHex(v.value())
                + "@" + v.expiresAt()));
        return entries;
    }

    private static List<String> scanned(StorageEngine engine, boolean descending) {
        Map<byte[], StoredValue> seen = new LinkedHashMap<>();
        StorageEngine.Visitor visitor = (k, v) -> {
            seen.put(k, v);
            return true;
        };
        if (descending) {
            engine.scanDescending(null, null, visitor);
        } else {
            engine.scan(null, null, visitor);
        }
        return entries(seen);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnreadableStoreIsReportedWithItsPathAndNotReplaced() throws Exception {
        byte[] garbage = "this is not an H2 database file, and it must stay as it is".repeat(100).getBytes();
        Path file = dir.resolve("simpleredis.mv.db");
        Files.write(file, garbage);
        StorageException e = assertThrows(StorageException.class, () -> new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO)));
        assertTrue(e.getMessage().contains(dir.resolve("simpleredis").toString()), e.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(file));
    }

    /**
     * An embedded store is written by the engine alone: H2's background writer is off, and its
     * write buffer is raised, so that commits do not store the database in between.
     */
    @Test
    void theEngineTakesOverTheStoresOfAnEmbeddedDatabase() throws Exception {
        try (StorageEngine engine = new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO));
             Connection c = DriverManager.getConnection(H2StorageProvider.defaultUrl(dir), "sa", "")) {
            engine.put(new byte[] {1}, StoredValue.of(new byte[] {2}));
            MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            assertEquals(-1, store.getAutoCommitDelay());
            assertEquals(H2StorageEngine.writeBufferBytes(Runtime.getRuntime().maxMemory()), store.getAutoCommitMemory());
        }
    }

    @Test
    void poolSizeIsValidated() {
        for (String bad : new String[] {"0", "65", "four", ""}) {
            StorageException e = assertThrows(StorageException.class,
                    () -> new H2StorageProvider().open(new StorageConfig(dir, Fsync.NO, Map.of("pool-size", bad))));
            assertTrue(e.getMessage().startsWith("simpleredis.h2.pool-size"), e.getMessage());
        }
    }
}

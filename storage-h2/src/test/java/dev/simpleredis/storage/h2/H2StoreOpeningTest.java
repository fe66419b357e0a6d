package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
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
            s.execute("INSERT INTO schema_version VALUES (2)");
        }
        StorageException e = assertThrows(StorageException.class, () -> new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO)));
        assertTrue(e.getMessage().contains("schema version 2"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
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

    @Test
    void poolSizeIsValidated() {
        for (String bad : new String[] {"0", "65", "four", ""}) {
            StorageException e = assertThrows(StorageException.class,
                    () -> new H2StorageProvider().open(new StorageConfig(dir, Fsync.NO, Map.of("pool-size", bad))));
            assertTrue(e.getMessage().startsWith("simpleredis.h2.pool-size"), e.getMessage());
        }
    }
}

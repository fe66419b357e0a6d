package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engines, as two simpleredis processes would, on one H2 server. */
class H2SharedServerTest {

    @TempDir
    Path serverDir;
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private Server server;
    private StorageEngine a;
    private StorageEngine b;

    @BeforeEach
    void start() throws SQLException {
        server = Server.createTcpServer("-tcp", "-tcpPort", "0", "-ifNotExists", "-baseDir", serverDir.toString()).start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/shared";
        a = new H2StorageProvider().open(new StorageConfig(dirA, Fsync.ALWAYS, Map.of("url", url)));
        b = new H2StorageProvider().open(new StorageConfig(dirB, Fsync.ALWAYS, Map.of("url", url)));
    }

    @AfterEach
    void stop() {
        try {
            a.close();
            b.close();
        } finally {
            server.stop();
        }
    }

    @Test
    void eachSeesTheOthersWrites() {
        a.put(bytes("from-a"), StoredValue.of(bytes("1")));
        a.awaitDurable();
        assertEquals(StoredValue.of(bytes("1")), b.get(bytes("from-a")));

        b.write(new WriteBatch().put(bytes("x"), new StoredValue(bytes("2"), 99)).delete(bytes("from-a")));
        b.awaitDurable();
        assertEquals(Arrays.asList(new StoredValue(bytes("2"), 99), null), a.getAll(List.of(bytes("x"), bytes("from-a"))));
        assertEquals(1, a.count(null, null));
    }

    /** Row locks in the server keep compute atomic across processes: no increment is lost. */
    @Test
    void computeIsAtomicAcrossEngines() throws InterruptedException {
        int perThread = 1000;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (StorageEngine engine : List.of(a, b, a, b)) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        engine.compute(bytes("counter"), current -> StoredValue.of(bytes(Long.toString(
                                current == null ? 1 : Long.parseLong(new String(current.value(), StandardCharsets.US_ASCII)) + 1))));
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(Integer.toString(4 * perThread), new String(b.get(bytes("counter")).value(), StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

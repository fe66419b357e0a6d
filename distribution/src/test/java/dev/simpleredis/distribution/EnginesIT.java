package dev.simpleredis.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.simpleredis.api.client.Client;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each engine the distribution ships runs from lib/ alone (no dependency missing, no warning at
 * start) and keeps its data across a clean restart.
 */
class EnginesIT {

    @TempDir
    static Path tmp;
    static Distribution dist;

    @BeforeAll
    static void unpack() {
        dist = Distribution.unpack(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "h2"})
    void storesAndKeepsDataAcrossARestart(String engine) {
        Path dir = tmp.resolve(engine + "-data");
        Map<String, Object> nested = Map.of("vx", Map.of("vy", 0L, "vz", List.of(1L, 2L, 3L)));
        try (ServerProcess server = dist.launch().name(engine).storage(engine).dir(dir).start();
             Client client = server.client()) {
            assertEquals(2L, client.mset("k1", "v1", "kx", nested));
            server.stop();
            assertFalse(server.output().contains("WARN"), server::describe);
        }
        try (ServerProcess again = dist.launch().name(engine + "-restart").storage(engine).dir(dir).start();
             Client client = again.client()) {
            assertEquals(List.of("v1", nested), client.mget("k1", "kx"));
            again.stop();
            assertFalse(again.output().contains("WARN"), again::describe);
        }
    }
}

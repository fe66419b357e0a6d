package dev.simpleredis.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.client.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clean stop on SIGTERM, a crash, restarts, and start-up failures that say what is wrong in one line. */
class LifecycleIT {

    private static final Duration FAILING_START = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    static Distribution dist;

    @BeforeAll
    static void unpack() {
        dist = Distribution.unpack(tmp);
    }

    @Test
    void sigtermStopsTheServerCleanlyAndItStartsAgainOnTheSamePort() {
        int port;
        try (ServerProcess server = dist.launch().name("sigterm").start()) {
            port = server.port();
            assertTrue(server.output().contains("simpleredis ") && server.output().contains(" started: engine=memory, address=127.0.0.1:" + port),
                    server::describe);
            // The script exec'd java: the process that gets SIGTERM is the JVM itself.
            String command = server.process().info().command().orElse("");
            assertTrue(command.endsWith("/java"), () -> "the script's process runs " + command);
            try (Client client = server.client()) {
                assertEquals(1L, client.set("k", "v"));
            }
            int exit = server.stop();
            assertTrue(exit == 143 || exit == 0, () -> "exit code " + exit + "\n" + server.describe());
            assertTrue(server.output().contains("simpleredis stopped"), server::describe);
        }
        try (ServerProcess again = dist.launch().name("sigterm-restart").port(port).start();
             Client client = again.client()) {
            assertEquals("PONG", client.ping());
            again.stop();
        }
    }

    @Test
    void acknowledgedWritesSurviveKillDashNine() {
        Path dir = tmp.resolve("kill-data");
        try (ServerProcess server = dist.launch().name("kill").dir(dir).set("fsync", "always").start();
             Client client = server.client()) {
            assertEquals(1L, client.set("k", List.of("v", 1)));
            int exit = server.kill();
            assertEquals(137, exit, server::describe);
            assertFalse(server.output().contains("simpleredis stopped"), server::describe);
        }
        try (ServerProcess again = dist.launch().name("kill-restart").dir(dir).start();
             Client client = again.client()) {
            assertEquals(List.of("v", 1L), client.get("k"));
        }
    }

    @Test
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Launch.Exited exited = dist.launch().name("port-in-use").port(taken.getLocalPort()).run(FAILING_START);
            assertFailsWithOneLine(exited, "simpleredis.port", "127.0.0.1:" + taken.getLocalPort(), "in use");
        }
    }

    @Test
    void unknownStorageEngineListsTheEnginesFound() {
        Launch.Exited exited = dist.launch().name("no-such-engine").storage("nosuch").run(FAILING_START);
        assertFailsWithOneLine(exited, "simpleredis.storage", "'nosuch'", "found: h2, mapdb, memory");
    }

    @Test
    void dataDirThatCannotBeCreated() throws IOException {
        // As root, permissions don't stop a write; a regular file where a directory should be does.
        Path file = Files.writeString(dist.scratch("not-a-dir").resolve("file"), "x");
        Launch.Exited exited = dist.launch().name("bad-dir").dir(file.resolve("data")).run(FAILING_START);
        assertFailsWithOneLine(exited, "simpleredis.dir", file.resolve("data").toString());
    }

    @Test
    void portThatIsNotANumber() {
        Launch.Exited exited = dist.launch().name("bad-port").set("port", "abc").run(FAILING_START);
        assertFailsWithOneLine(exited, "simpleredis.port", "'abc'");
    }

    /**
     * A non-zero exit, and apart from progress logged at INFO (an engine replaying its log, say)
     * the output is one line, the error, holding every fragment.
     */
    static void assertFailsWithOneLine(Launch.Exited exited, String... fragments) {
        assertNotEquals(0, exited.exitCode(), () -> "exit code; output:\n" + exited.output());
        List<String> lines = exited.output().lines().filter(line -> !line.isBlank() && !line.contains(" [INFO] ")).toList();
        assertEquals(1, lines.size(), () -> "expected one line besides INFO, got:\n" + exited.output());
        for (String fragment : fragments) {
            assertTrue(lines.getFirst().contains(fragment), () -> "'" + fragment + "' missing from: " + lines.getFirst());
        }
    }
}

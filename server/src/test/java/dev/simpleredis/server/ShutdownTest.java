package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SHUTDOWN: the same clean stop as SIGTERM, started by a client. */
@Timeout(60)
class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void shutdownClosesEveryConnectionAndKeepsTheData() {
        int port;
        Server server = TestServers.start(dir, "protocol", "resp2");
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            port = server.port();
            assertEquals("+OK\r\n", c.callRaw("SET", "kept", "yes"));
            assertEquals("+PONG\r\n", other.callRaw("PING"));
            c.send(RawClient.command("SHUTDOWN", "NOSAVE"));
            c.assertClosedByServer();
            server.awaitClosed();
            assertTrue(server.isClosed());
            other.assertClosedByServer();
            assertThrows(UncheckedIOException.class, () -> new RawClient(port).close(), "nothing listens any more");
        } finally {
            server.close(); // returns at once: already closed
        }
        try (Server again = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(again.port())) {
            assertEquals(Value.Bulk.of("yes"), c.call("GET", "kept"), "the store was flushed and closed cleanly");
        }
    }

    @Test
    void shutdownOptionsAndErrors() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            assertEquals("-ERR syntax error\r\n", c.callRaw("SHUTDOWN", "foo"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("SHUTDOWN", "SAVE", "NOSAVE"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("SHUTDOWN", "ABORT", "NOW"));
            assertEquals("-ERR No shutdown in progress.\r\n", c.callRaw("SHUTDOWN", "ABORT"));
            assertEquals("+PONG\r\n", c.callRaw("PING"), "still running");
            c.send(RawClient.command("SHUTDOWN", "SAVE", "NOW", "FORCE"));
            c.assertClosedByServer();
            server.awaitClosed();
        }
    }

    @Test
    void shutdownNeedsAuthentication() {
        try (Server server = TestServers.start(dir, "requirepass", "pw"); RawClient c = new RawClient(server.port())) {
            assertEquals("-NOAUTH Authentication required.\r\n", c.callRaw("SHUTDOWN"));
            assertEquals("+OK\r\n", c.callRaw("AUTH", "pw"));
            c.send(RawClient.command("SHUTDOWN"));
            c.assertClosedByServer();
            server.awaitClosed();
        }
    }
}

package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.simpleredis.api.client.Client;
import dev.simpleredis.api.client.Pipeline;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One Client object across connections the server closed: QUIT, and a server restart. */
@Timeout(60)
class ReconnectTest {

    @TempDir
    Path dir;

    @Test
    void theCommandAfterQuitReconnects() {
        try (Server server = TestServers.start(dir); Client client = new Client("127.0.0.1", server.port(), 10_000)) {
            assertEquals(1L, client.set("k", "v"));
            for (int i = 0; i < 20; i++) {
                assertEquals("OK", client.call("QUIT"));
                assertEquals("v", client.get("k"), "after QUIT " + i);
            }
        }
    }

    @Test
    void aLongPipelineAfterQuitReconnectsToo() {
        try (Server server = TestServers.start(dir); Client client = new Client("127.0.0.1", server.port(), 10_000)) {
            String value = "v".repeat(1024);
            for (int round = 0; round < 5; round++) {
                assertEquals("OK", client.call("QUIT"));
                Pipeline p = client.pipeline();
                for (int i = 0; i < 200; i++) {
                    p.set("k" + i, value + round);
                }
                List<Object> replies = p.sync();
                assertEquals(Collections.nCopies(200, 1L), replies, "round " + round);
                assertEquals(value + round, client.get("k199"));
            }
        }
    }

    @Test
    void quitClosesTheConnection() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            c.send("QUIT\r\n").expect("+OK\r\n");
            c.assertClosedByServer();
        }
    }

    @Test
    void theSameClientWorksAgainAfterTheServerRestartsOnTheSamePort() {
        Server first = TestServers.start(dir.resolve("one"));
        int port = first.port();
        try (Client client = new Client("127.0.0.1", port, 10_000)) {
            try {
                assertEquals(1L, client.set("k", "v"));
                assertEquals("v", client.get("k"));
            } finally {
                first.close();
            }
            try (Server second = TestServers.start(dir.resolve("two"), "port", Integer.toString(port))) {
                assertEquals(port, second.port());
                // a new, empty memory store: the key is gone, but the client reconnected by itself
                assertNull(client.get("k"));
                assertEquals(1L, client.set("k", "v2"));
                assertEquals("v2", client.get("k"));
            }
        }
    }
}

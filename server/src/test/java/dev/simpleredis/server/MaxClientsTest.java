package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MaxClientsTest {

    private static final Value REFUSED = new Value.Error("ERR max number of clients reached");

    @TempDir
    Path dir;

    @Test
    void theConnectionOverTheLimitIsRefusedWithAnError() throws InterruptedException {
        try (Server server = TestServers.start(dir, "maxclients", "2"); RawClient two = new RawClient(server.port())) {
            RawClient one = new RawClient(server.port());
            try {
                // both are accepted and served before the third arrives
                assertEquals(Value.Simple.PONG, one.call("PING"));
                assertEquals(Value.Simple.PONG, two.call("PING"));
                try (RawClient three = new RawClient(server.port())) {
                    assertEquals(REFUSED, three.read());
                    three.assertClosedByServer();
                }
                // a refused client that sends a command at once still reads why it was refused
                try (RawClient eager = new RawClient(server.port())) {
                    eager.send(RawClient.command("SET", "k", "refused"));
                    assertEquals(REFUSED, eager.read());
                    eager.assertClosedByServer();
                }
                assertEquals(Value.Simple.PONG, one.call("PING"), "the clients within the limit are unaffected");
                assertEquals(Value.Int.ONE, two.call("SET", "k", "v"));
            } finally {
                one.close();
            }

            // once a client leaves, its place is free again (the server notices the close on its own time)
            boolean served = false;
            for (int attempt = 0; attempt < 800 && !served; attempt++) {
                try (RawClient next = new RawClient(server.port())) {
                    next.send(RawClient.command("GET", "k"));
                    Value reply = next.read();
                    served = reply.equals(Value.bulk("v"));
                    if (!served) {
                        assertEquals(REFUSED, reply);
                        Thread.sleep(25);
                    }
                }
            }
            assertTrue(served, "a freed place is given to a new client");
        }
    }
}

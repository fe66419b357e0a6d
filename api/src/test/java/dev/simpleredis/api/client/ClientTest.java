package dev.simpleredis.api.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.client.ScriptedServer.Close;
import dev.simpleredis.api.client.ScriptedServer.Partial;
import dev.simpleredis.api.client.ScriptedServer.Reply;
import dev.simpleredis.api.client.ScriptedServer.ReplyAndClose;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a scripted server on a real socket: conversions, errors, pipelines, reconnects. */
@Timeout(60)
class ClientTest {

    private ScriptedServer server;
    private Client client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Client clientFor(ScriptedServer s) {
        server = s;
        client = new Client("127.0.0.1", s.port(), 10_000);
        return client;
    }

    private static String name(Value request) {
        return ((Value.Bulk) ((Value.Array) request).items().getFirst()).text().toUpperCase();
    }

    private static Value cmd(Value... args) {
        return Value.Array.of(args);
    }

    @Test
    void argumentsAreSentWithTheirTypes() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> new Reply(Value.Int.ONE)));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("vy", 0);
        nested.put("vz", List.of(1L, 2.5, true, Arrays.asList("x", null)));
        assertEquals(1L, c.set("kx", Map.of("vx", nested)));
        assertEquals(1L, c.call("SET", "raw", new byte[] {0, '\r', '\n', (byte) 0xff}));

        Map<Value, Value> inner = new LinkedHashMap<>();
        inner.put(Value.bulk("vy"), Value.Int.ZERO);
        inner.put(Value.bulk("vz"), Value.Array.of(Value.Int.ONE, new Value.Double(2.5), new Value.Bool(true),
                Value.Array.of(Value.bulk("x"), Value.Null.INSTANCE)));
        assertEquals(List.of(
                        cmd(Value.bulk("SET"), Value.bulk("kx"), new Value.Dict(Map.of(Value.bulk("vx"), new Value.Dict(inner)))),
                        cmd(Value.bulk("SET"), Value.bulk("raw"), new Value.Bulk(new byte[] {0, '\r', '\n', (byte) 0xff}))),
                server.requests());
    }

    @Test
    void repliesBecomeJavaTypes() throws Exception {
        Map<Value, Value> dict = new LinkedHashMap<>();
        dict.put(Value.bulk("a"), Value.Array.of(Value.Int.of(-5), new Value.Double(2.5), new Value.Bool(false), Value.Null.INSTANCE));
        dict.put(Value.Int.of(7), Value.bulk("\u00e9t\u00e9"));
        Client c = clientFor(new ScriptedServer(r -> switch (name(r)) {
            case "GET" -> new Reply(new Value.Dict(dict));
            case "RAW" -> new Reply(new Value.Bulk(new byte[] {(byte) 0xff, 0}));
            case "PING" -> new Reply(Value.Simple.PONG);
            default -> new Reply(Value.Null.INSTANCE);
        }));
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(-5L, 2.5, false, null));
        expected.put(7L, "\u00e9t\u00e9");
        assertEquals(expected, c.get("k"));
        assertEquals("PONG", c.ping());
        assertNull(c.call("NOTHING"));
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, assertInstanceOf(Value.Bulk.class, c.callValue("RAW")).bytes());
    }

    @Test
    void errorRepliesAreThrownAndTheConnectionGoesOn() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> name(r).equals("BAD")
                ? new Reply(new Value.Error("ERR unknown command 'bad'"))
                : new Reply(Value.Simple.OK)));
        ServerException e = assertThrows(ServerException.class, () -> c.call("BAD"));
        assertEquals("ERR unknown command 'bad'", e.getMessage());
        assertInstanceOf(Value.Error.class, c.callValue("BAD"));
        assertEquals("OK", c.call("GOOD"));
        assertEquals(1, server.connections());
    }

    @Test
    void pipelineRepliesComeBackInOrderWithErrorsInPlace() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> {
            List<Value> items = ((Value.Array) r).items();
            String arg = ((Value.Bulk) items.get(1)).text();
            return arg.endsWith("7") ? new Reply(new Value.Error("ERR seven")) : new Reply(items.get(1));
        }));
        Pipeline p = c.pipeline();
        assertEquals(List.of(), p.sync(), "an empty pipeline sends nothing");
        int n = 2000;
        for (int i = 0; i < n; i++) {
            p.call("ECHO", "m" + i);
        }
        assertEquals(n, p.size());
        List<Object> replies = p.sync();
        assertEquals(n, replies.size());
        assertEquals(0, p.size(), "sync empties the pipeline");
        for (int i = 0; i < n; i++) {
            if (i % 10 == 7) {
                assertEquals("ERR seven", assertInstanceOf(ServerException.class, replies.get(i)).getMessage());
            } else {
                assertEquals("m" + i, replies.get(i));
            }
        }
        assertEquals(1, server.connections());
    }

    /**
     * Requests and replies far bigger than the socket buffers: written first and read after, both
     * sides would block for ever. The preemptive timeout only turns such a hang into a failure.
     */
    @Test
    void aPipelineBiggerThanTheSocketBuffersDoesNotDeadlock() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> new Reply(((Value.Array) r).items().get(1))));
        String big = "y".repeat(64 * 1024);
        List<Object> replies = assertTimeoutPreemptively(Duration.ofSeconds(50), () -> {
            Pipeline p = c.pipeline();
            for (int i = 0; i < 500; i++) {
                p.call("ECHO", i + big);
            }
            return p.sync();
        });
        assertEquals(500, replies.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i + big, replies.get(i));
        }
    }

    @Test
    void aConnectionTheServerClosedIsReopenedOnceAndTheCommandSentAgain() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> name(r).equals("QUIT")
                ? new ReplyAndClose(Value.Simple.OK)
                : new Reply(Value.Simple.PONG)));
        assertEquals("PONG", c.ping());
        assertEquals("OK", c.call("QUIT"));
        assertEquals("PONG", c.ping());
        assertEquals("PONG", c.ping());
        assertEquals(2, server.connections());
        // the command after QUIT reached the server once, on the new connection
        assertEquals(List.of("PING", "QUIT", "PING", "PING"), server.requests().stream().map(ClientTest::name).toList());
    }

    @Test
    void aReplyCutOffMidwayIsNotRetried() throws Exception {
        byte[] half = "$5\r\nab".getBytes(StandardCharsets.US_ASCII);
        Client c = clientFor(new ScriptedServer(r -> name(r).equals("SET") ? new Partial(half) : new Reply(Value.Simple.PONG)));
        assertEquals("PONG", c.ping());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> c.set("k", "v"));
        assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
        assertEquals("PONG", c.ping(), "the next command connects again");
        assertEquals(List.of("PING", "SET", "PING"), server.requests().stream().map(ClientTest::name).toList());
    }

    @Test
    void aFreshConnectionClosedWithoutAReplyIsNotRetried() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> new Close()));
        assertThrows(UncheckedIOException.class, () -> c.set("k", "v"));
        assertEquals(1, server.requests().size(), "sent once");
    }

    @Test
    void nothingListeningIsAnUncheckedIOExceptionNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Client c = new Client("127.0.0.1", port, 5_000)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, c::ping);
            assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void argumentsThatCannotBeSentAreRefusedBeforeSending() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> new Reply(Value.Simple.OK)));
        assertThrows(IllegalArgumentException.class, () -> c.mset("k1", "v1", "k2"));
        assertThrows(IllegalArgumentException.class, () -> c.set("k", new Object()));
        assertThrows(IllegalArgumentException.class, () -> c.set("k", List.of(new ArrayList<>(List.of(new StringBuilder("x"))))));
        assertEquals(0, server.requests().size());
        assertEquals(0, server.connections());
    }

    @Test
    void msetFromAMapKeepsItsOrder() throws Exception {
        Client c = clientFor(new ScriptedServer(r -> new Reply(Value.Int.of(2))));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", "x");
        assertEquals(2L, c.mset(m));
        assertEquals(cmd(Value.bulk("MSET"), Value.bulk("b"), Value.Int.ONE, Value.bulk("a"), Value.bulk("x")),
                server.requests().getFirst());
    }
}

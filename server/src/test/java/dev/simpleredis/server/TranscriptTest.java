package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.simpleredis.api.client.Client;
import dev.simpleredis.api.protocol.Dialect;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seed's transcript through the Java client, and the same commands in the Redis dialects. */
@Timeout(60)
class TranscriptTest {

    @TempDir
    Path dir;

    @Test
    void seedTranscriptThroughTheClient() {
        try (Server server = TestServers.start(dir); Client client = new Client("127.0.0.1", server.port(), 10_000)) {
            assertEquals(3L, client.mset("k1", "v1", "k2", List.of("v2-0", 1, "v2-2"), "k3", "v3"));
            assertEquals(List.of("v2-0", 1L, "v2-2"), client.get("k2"));
            assertEquals(List.of("v3", "v1"), client.mget("k3", "k1"));
            assertEquals(1L, client.delete("k1"));
            assertNull(client.get("k1"));
            assertEquals(0L, client.delete("k1"));

            Map<String, Object> vx = new LinkedHashMap<>();
            vx.put("vy", 0);
            vx.put("vz", List.of(1, 2, 3));
            assertEquals(1L, client.set("kx", Map.of("vx", vx)));
            Map<Object, Object> expectedVx = new LinkedHashMap<>();
            expectedVx.put("vy", 0L);
            expectedVx.put("vz", List.of(1L, 2L, 3L));
            assertEquals(Map.of("vx", expectedVx), client.get("kx"));

            assertEquals(3L, client.flush());
            assertEquals(Arrays.asList(null, null, null), client.mget("k2", "k3", "kx"));
            assertEquals(0L, client.flush());
        }
    }

    @Test
    void seedRepliesOverARawSocket() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("SET", "k", "v")).expect(":1\r\n");
            c.send(RawClient.command("MSET", "a", "1", "b", "2")).expect(":2\r\n");
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nd\r\n%1\r\n$1\r\nx\r\n,2.5\r\n").expect(":1\r\n");
            c.send(RawClient.command("GET", "d")).expect("%1\r\n$1\r\nx\r\n,2.5\r\n", Dialect.SEED);
            c.send(RawClient.command("GET", "nope")).expect("$-1\r\n");
            c.send(RawClient.command("DELETE", "a", "nope")).expect(":1\r\n");
            c.send(RawClient.command("FLUSH")).expect(":3\r\n");
        }
    }

    @Test
    void resp2RepliesOverARawSocket() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("SET", "k1", "v1")).expect("+OK\r\n");
            c.send(RawClient.command("GET", "k1")).expect("$2\r\nv1\r\n");
            c.send(RawClient.command("MSET", "a", "1", "b", "2")).expect("+OK\r\n");
            c.send(RawClient.command("MGET", "a", "nope", "b")).expect("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n");
            c.send(RawClient.command("DEL", "a", "nope")).expect(":1\r\n");
            c.send(RawClient.command("DEL", "a")).expect(":0\r\n");
            c.send(RawClient.command("FLUSHDB")).expect("+OK\r\n");
            c.send(RawClient.command("GET", "k1")).expect("$-1\r\n");
            c.send(RawClient.command("SET", "x", "y")).expect("+OK\r\n");
            c.send(RawClient.command("FLUSH")).expect("+OK\r\n");
            c.send(RawClient.command("GET", "x")).expect("$-1\r\n");
            c.send(RawClient.command("PING")).expect("+PONG\r\n");
            c.send(RawClient.command("ECHO", "a\r\nb")).expect("$4\r\na\r\nb\r\n");
            // numbers and doubles sent as arguments are stored as their text, as Redis does
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nn\r\n:42\r\n").expect("+OK\r\n");
            c.send(RawClient.command("GET", "n")).expect("$2\r\n42\r\n");
        }
    }

    @Test
    void resp3RepliesUseItsNull() {
        try (Server server = TestServers.start(dir, "protocol", "resp3"); RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("GET", "nope")).expect("_\r\n", Dialect.RESP3);
            c.send(RawClient.command("SET", "k", "v")).expect("+OK\r\n", Dialect.RESP3);
            c.send(RawClient.command("MGET", "k", "nope")).expect("*2\r\n$1\r\nv\r\n_\r\n", Dialect.RESP3);
        }
    }

    @Test
    void inlineCommandsAsTelnetSendsThem() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            c.send("PING\r\n").expect("+PONG\r\n");
            c.send("SET greeting \"hello world\"\r\n").expect("+OK\r\n");
            c.send("\r\n\r\nGET greeting\n").expect("$11\r\nhello world\r\n");
            c.send("SET bin \"\\x00\\xff\\r\\n\"\r\nGET bin\r\n");
            c.expect("+OK\r\n");
            assertEquals(new dev.simpleredis.api.Value.Bulk(new byte[] {0, (byte) 0xff, '\r', '\n'}), c.read());
        }
    }

    @Test
    void repliesToCommandsOfOneWriteComeInOrder() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            c.send("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n");
            c.expect("+OK\r\n");
            c.expect("+PONG\r\n");
            c.expect("$1\r\n1\r\n");
            c.expect(":1\r\n");
        }
    }
}

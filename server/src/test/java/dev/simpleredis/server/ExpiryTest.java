package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expiry commands with Redis's replies, the active cycle, and expiry across a restart. */
class ExpiryTest {

    @TempDir
    Path dir;

    private static long integer(Value v) {
        return ((Value.Int) v).value();
    }

    private static byte[] rawKey(String key) {
        return Keyspace.metaKey((byte) 0, key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void commandsReplyAsRedisDoes() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            assertEquals(Value.Int.of(-2), c.call("TTL", "missing"));
            assertEquals(Value.Int.of(-2), c.call("PTTL", "missing"));
            assertEquals(Value.Int.ZERO, c.call("EXPIRE", "missing", "10"));
            c.call("SET", "k", "v");
            assertEquals(Value.Int.of(-1), c.call("TTL", "k"));
            assertEquals(Value.Int.of(-1), c.call("EXPIRETIME", "k"));
            assertEquals(Value.Int.ZERO, c.call("PERSIST", "k"));

            assertEquals(Value.Int.ZERO, c.call("EXPIRE", "k", "100", "XX"), "XX needs an existing expiry");
            assertEquals(Value.Int.ZERO, c.call("EXPIRE", "k", "100", "GT"), "no expiry counts as forever");
            assertEquals(Value.Int.ONE, c.call("EXPIRE", "k", "100", "NX"));
            assertEquals(Value.Int.ZERO, c.call("EXPIRE", "k", "200", "NX"));
            assertEquals(Value.Int.ONE, c.call("EXPIRE", "k", "200", "GT"));
            assertEquals(Value.Int.ZERO, c.call("EXPIRE", "k", "300", "LT"));
            assertEquals(Value.Int.ONE, c.call("EXPIRE", "k", "50", "LT"));
            long ttl = integer(c.call("TTL", "k"));
            assertTrue(ttl > 45 && ttl <= 50, "ttl " + ttl);
            long pttl = integer(c.call("PTTL", "k"));
            assertTrue(pttl > 45_000 && pttl <= 50_000, "pttl " + pttl);

            long at = System.currentTimeMillis() / 1000 + 1000;
            assertEquals(Value.Int.ONE, c.call("EXPIREAT", "k", Long.toString(at)));
            assertEquals(Value.Int.of(at), c.call("EXPIRETIME", "k"));
            assertEquals(Value.Int.of(at * 1000), c.call("PEXPIRETIME", "k"));
            assertEquals(Value.Int.ONE, c.call("PERSIST", "k"));
            assertEquals(Value.Int.of(-1), c.call("TTL", "k"));

            assertEquals(new Value.Error("ERR NX and XX, GT or LT options at the same time are not compatible"),
                    c.call("EXPIRE", "k", "10", "NX", "XX"));
            assertEquals(new Value.Error("ERR GT and LT options at the same time are not compatible"),
                    c.call("EXPIRE", "k", "10", "GT", "LT"));
            assertEquals(new Value.Error("ERR Unsupported option FOO"), c.call("EXPIRE", "k", "10", "FOO"));
            assertEquals(new Value.Error("ERR value is not an integer or out of range"), c.call("EXPIRE", "k", "ten"));
            assertEquals(new Value.Error("ERR invalid expire time in 'expire' command"),
                    c.call("EXPIRE", "k", "9223372036854775807"));
            assertEquals(new Value.Error("ERR wrong number of arguments for 'ttl' command"), c.call("TTL"));
            assertEquals(Value.Bulk.of("v"), c.call("GET", "k"), "failed commands changed nothing");

            assertEquals(Value.Int.ONE, c.call("EXPIRE", "k", "-1"), "a time in the past deletes the key");
            assertEquals(Value.Null.INSTANCE, c.call("GET", "k"));
            assertEquals(Value.Int.of(-2), c.call("TTL", "k"));

            c.call("SET", "s", "v", "EX", "100");
            assertTrue(integer(c.call("TTL", "s")) > 90);
            c.call("SET", "s", "v2");
            assertEquals(Value.Int.of(-1), c.call("TTL", "s"), "SET without KEEPTTL drops the expiry");
            assertEquals(new Value.Error("ERR invalid expire time in 'set' command"), c.call("SET", "s", "v", "EX", "0"));
        }
    }

    /** A key with a TTL is deleted within a second of expiring, though nobody reads it. */
    @Test
    void activeCycleDeletesExpiredKeysWithoutAccess() throws InterruptedException {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            for (int i = 0; i < 100; i++) {
                c.call("SET", "short" + i, "v", "PX", "300");
            }
            c.call("SET", "long", "v", "EX", "100");
            Thread.sleep(300 + 1000);
            for (int i = 0; i < 100; i++) {
                assertNull(server.keyspace().engine().get(rawKey("short" + i)), "short" + i + " still stored");
            }
            assertNotNull(server.keyspace().engine().get(rawKey("long")));
        }
    }

    /**
     * Expiry is stored as an absolute time, on every engine: a key that expired while the server
     * was down stays gone, and one that has not keeps its time to live.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "h2"})
    void expiredKeysDoNotComeBackAfterRestart(String engine) throws InterruptedException {
        try (Server server = TestServers.start(dir, "storage", engine, "protocol", "resp2", "fsync", "always");
             RawClient c = new RawClient(server.port())) {
            c.call("SET", "brief", "v", "PX", "200");
            c.call("SET", "lasting", "v", "EX", "1000");
        }
        Thread.sleep(400);
        try (Server server = TestServers.start(dir, "storage", engine, "protocol", "resp2");
             RawClient c = new RawClient(server.port())) {
            Thread.sleep(1000);
            assertNull(server.keyspace().engine().get(rawKey("brief")), "the active cycle removed it after the restart");
            assertEquals(Value.Null.INSTANCE, c.call("GET", "brief"));
            long ttl = integer(c.call("TTL", "lasting"));
            assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
        }
    }
}

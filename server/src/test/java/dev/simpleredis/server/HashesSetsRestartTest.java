package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hashes and sets survive a restart on every engine: fields, values (a nested one stored in the
 * seed dialect keeps its type), members, sizes and expiry times; one that expired while the server
 * was down stays gone, and one emptied before the restart does not come back.
 */
class HashesSetsRestartTest {

    @TempDir
    Path dir;

    private static Value bulk(String text) {
        return Value.Bulk.of(text);
    }

    private static long integer(Value v) {
        return ((Value.Int) v).value();
    }

    /** A nested value, as the seed dialect sends it. */
    private static Value nested() {
        Map<Value, Value> inner = new LinkedHashMap<>();
        inner.put(bulk("vy"), Value.Int.of(0));
        inner.put(bulk("vz"), Value.Array.of(Value.Int.of(1), Value.Int.of(2), Value.Int.of(3)));
        return new Value.Dict(Map.of(bulk("vx"), new Value.Dict(inner)));
    }

    private static Set<Value> members(Value reply) {
        return new HashSet<>(((Value.Array) reply).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "h2"})
    void hashesAndSetsWithTheirExpiryAreIntactAfterARestart(String engine) throws InterruptedException {
        Set<Value> bigMembers = new HashSet<>();
        try (Server server = TestServers.start(dir, "storage", engine, "fsync", "always");
             RawClient c = new RawClient(server.port())) {
            assertEquals(Value.Int.of(3), c.call("HSET", "h", "a", "1", "b", "2", "c", "3"));
            c.send(Encoder.encode(Value.Array.of(bulk("HSET"), bulk("h"), bulk("n"), nested()), Dialect.SEED));
            assertEquals(Value.Int.ONE, c.read());
            assertEquals(Value.Int.of(10), c.call("HINCRBY", "h", "a", "9"));
            assertEquals(Value.Int.ONE, c.call("HDEL", "h", "b"));
            assertEquals(Value.Int.ONE, c.call("EXPIRE", "h", "1000"));
            c.call("HSET", "forever", "f", "v");

            assertEquals(Value.Int.of(3), c.call("SADD", "s", "x", "y", "z"));
            assertEquals(Value.Int.ONE, c.call("SREM", "s", "y"));
            assertEquals(Value.Int.ONE, c.call("PEXPIRE", "s", "2000000"));
            List<String> add = new ArrayList<>(List.of("SADD", "big"));
            for (int i = 0; i < 500; i++) {
                add.add("m" + i);
                bigMembers.add(bulk("m" + i));
            }
            assertEquals(Value.Int.of(500), c.call(add.toArray(String[]::new)));
            assertEquals(Value.Int.of(2), c.call("SDIFFSTORE", "diff", "s", "big"), "s and big share nothing");

            c.call("SADD", "brief", "m");
            c.call("HSET", "briefh", "f", "v");
            c.call("PEXPIRE", "brief", "200");
            c.call("PEXPIRE", "briefh", "200");
            c.call("SADD", "emptied", "a");
            c.call("SPOP", "emptied");
        }
        Thread.sleep(400);
        try (Server server = TestServers.start(dir, "storage", engine);
             RawClient c = new RawClient(server.port())) {
            Map<Value, Value> expected = new LinkedHashMap<>();
            expected.put(bulk("a"), bulk("10"));
            expected.put(bulk("c"), bulk("3"));
            expected.put(bulk("n"), nested());
            assertEquals(new Value.Dict(expected), c.call("HGETALL", "h"));
            assertEquals(nested(), c.call("HGET", "h", "n"), "a nested value keeps its type");
            assertEquals(Value.Int.of(3), c.call("HLEN", "h"));
            long ttl = integer(c.call("TTL", "h"));
            assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
            assertEquals(Value.Int.of(-1), c.call("TTL", "forever"));
            assertEquals(bulk("v"), c.call("HGET", "forever", "f"));

            assertEquals(Set.of(bulk("x"), bulk("z")), members(c.call("SMEMBERS", "s")));
            assertEquals(Value.Int.of(2), c.call("SCARD", "s"));
            long pttl = integer(c.call("PTTL", "s"));
            assertTrue(pttl > 1_990_000 && pttl <= 2_000_000, "pttl " + pttl);
            assertEquals(bigMembers, members(c.call("SMEMBERS", "big")));
            assertEquals(Value.Int.of(500), c.call("SCARD", "big"));
            assertEquals(Value.Int.of(-1), c.call("TTL", "big"));
            assertEquals(Set.of(bulk("x"), bulk("z")), members(c.call("SMEMBERS", "diff")));

            assertEquals(Value.Int.ZERO, c.call("EXISTS", "brief", "briefh", "emptied"));
            assertEquals(Value.Array.EMPTY, c.call("SMEMBERS", "brief"));
            assertEquals(new Value.Simple("set"), c.call("TYPE", "s"));
            assertEquals(new Value.Simple("hash"), c.call("TYPE", "h"));

            assertEquals(Value.Int.ONE, c.call("SADD", "s", "w"), "the reopened set takes writes");
            assertEquals(Value.Int.of(3), c.call("SCARD", "s"));
            assertEquals(Value.Int.of(2), c.call("HDEL", "h", "a", "c"));
            assertEquals(Value.Int.ONE, c.call("HLEN", "h"));
        }
    }
}

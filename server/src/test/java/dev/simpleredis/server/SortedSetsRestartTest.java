package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sorted sets survive a restart on every engine: members, scores and the score index (ranges,
 * ranks, pops read it) come back as they were, with their expiry; one that expired while the
 * server was down stays gone.
 */
class SortedSetsRestartTest {

    @TempDir
    Path dir;

    private static long integer(Value v) {
        return ((Value.Int) v).value();
    }

    private static Value bulks(String... items) {
        List<Value> values = new ArrayList<>();
        for (String s : items) {
            values.add(Value.Bulk.of(s));
        }
        return new Value.Array(values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "h2"})
    void sortedSetsWithExpiryComeBackIntact(String engine) throws InterruptedException {
        Value bigRange;
        try (Server server = TestServers.start(dir, "storage", engine, "protocol", "resp2", "fsync", "always");
             RawClient c = new RawClient(server.port())) {
            assertEquals(Value.Int.of(5), c.call("ZADD", "scores", "1.1", "a", "-inf", "low", "1e20", "big", "2", "b", "2", "aa"));
            assertEquals(Value.Int.ONE, c.call("EXPIRE", "scores", "1000"));
            c.call("ZADD", "lasting", "0", "x", "0", "y", "0", "z");
            c.call("ZADD", "brief", "1", "gone");
            c.call("PEXPIRE", "brief", "200");
            List<String> args = new ArrayList<>(List.of("ZADD", "many"));
            for (int i = 0; i < 300; i++) {
                args.add(Integer.toString(i % 50));
                args.add("m" + i);
            }
            assertEquals(Value.Int.of(300), c.call(args.toArray(String[]::new)));
            c.call("ZINCRBY", "many", "0.5", "m7");
            c.call("ZREM", "many", "m8");
            c.call("ZUNIONSTORE", "union", "2", "scores", "lasting", "WEIGHTS", "2", "1");
            c.call("PEXPIRE", "union", "5000000");
            bigRange = c.call("ZRANGEBYSCORE", "many", "(10", "12", "WITHSCORES");
        }
        Thread.sleep(400);
        try (Server server = TestServers.start(dir, "storage", engine, "protocol", "resp2");
             RawClient c = new RawClient(server.port())) {
            assertEquals(bulks("low", "-inf", "a", "1.1000000000000001", "aa", "2", "b", "2", "big", "1e+20"),
                    c.call("ZRANGE", "scores", "0", "-1", "WITHSCORES"));
            long ttl = integer(c.call("TTL", "scores"));
            assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
            assertEquals(Value.Bulk.of("1.1000000000000001"), c.call("ZSCORE", "scores", "a"));
            assertEquals(Value.Int.of(3), c.call("ZRANK", "scores", "b"));
            assertEquals(bulks("big", "1e+20"), c.call("ZPOPMAX", "scores"));
            assertEquals(Value.Int.of(4), c.call("ZCARD", "scores"));

            assertEquals(bulks("x", "y", "z"), c.call("ZRANGEBYLEX", "lasting", "-", "+"));
            assertEquals(Value.Int.of(-1), c.call("TTL", "lasting"));
            assertEquals(Value.Int.ZERO, c.call("EXISTS", "brief"));
            assertEquals(Value.Null.INSTANCE, c.call("ZSCORE", "brief", "gone"));

            assertEquals(Value.Int.of(299), c.call("ZCARD", "many"));
            assertEquals(bigRange, c.call("ZRANGEBYSCORE", "many", "(10", "12", "WITHSCORES"));
            assertEquals(Value.Bulk.of("7.5"), c.call("ZSCORE", "many", "m7"));
            assertEquals(Value.Null.INSTANCE, c.call("ZSCORE", "many", "m8"));
            assertEquals(Value.Int.of(6), c.call("ZCOUNT", "many", "0", "(1"));
            assertEquals(bulks("m99", "49", "m49", "49"), c.call("ZRANGE", "many", "0", "1", "REV", "WITHSCORES"));

            assertEquals(bulks("low", "-inf", "x", "0", "y", "0", "z", "0", "a", "2.2000000000000002", "aa", "4", "b", "4",
                    "big", "2e+20"), c.call("ZRANGE", "union", "0", "-1", "WITHSCORES"));
            long pttl = integer(c.call("PTTL", "union"));
            assertTrue(pttl > 4_900_000 && pttl <= 5_000_000, "pttl " + pttl);

            // the index is usable for writes after the restart
            assertEquals(Value.Int.ONE, c.call("ZADD", "scores", "CH", "0", "a"));
            assertEquals(bulks("low", "a", "aa", "b"), c.call("ZRANGE", "scores", "0", "-1"));
        }
    }
}

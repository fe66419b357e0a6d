package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

/**
 * Sorted sets through Jedis (RESP2) against the real Redis and simpleredis on every engine: what
 * a script cannot compare (random members, cursors over a large set, blocking pops served by
 * another connection or timing out).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(60)
class SortedSetsJedisTest extends JedisSuite {

    /** A set "z" of members m0..m(n-1), member mi scoring i. */
    private Map<String, Double> fill(String key, int n) {
        Map<String, Double> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            members.put("m" + i, (double) i);
        }
        jedis.zadd(key, members);
        return members;
    }

    @Test
    void randomMembers() {
        assertNull(jedis.zrandmember("nokey"));
        assertEquals(List.of(), jedis.zrandmember("nokey", 3));
        Map<String, Double> members = fill("z", 10);

        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String m = jedis.zrandmember("z");
            assertTrue(members.containsKey(m), m);
            drawn.add(m);
        }
        assertTrue(drawn.size() > 5, "300 draws from 10 members gave only " + drawn);

        List<String> distinct = jedis.zrandmember("z", 6);
        assertEquals(6, distinct.size());
        assertEquals(6, new HashSet<>(distinct).size(), "a positive count gives distinct members: " + distinct);
        assertTrue(members.keySet().containsAll(distinct));
        assertEquals(members.keySet(), new HashSet<>(jedis.zrandmember("z", 50)), "a count above the size gives the whole set");
        assertEquals(10, jedis.zrandmember("z", 50).size());

        List<String> repeated = jedis.zrandmember("z", -30);
        assertEquals(30, repeated.size(), "a negative count gives that many, repeats allowed");
        assertTrue(members.keySet().containsAll(repeated));
        assertTrue(new HashSet<>(repeated).size() < 30);

        for (long count : new long[] {4, 10, 25, -25}) {
            List<Tuple> withScores = jedis.zrandmemberWithScores("z", count);
            assertEquals(Math.min(Math.abs(count), count > 0 ? 10 : Long.MAX_VALUE), withScores.size());
            for (Tuple t : withScores) {
                assertEquals(members.get(t.getElement()), t.getScore(), t.toString());
            }
        }

        // a set larger than Redis's compact encoding: distinct picks spread over the whole set
        Map<String, Double> large = fill("large", 500);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            List<String> picks = jedis.zrandmember("large", 50);
            assertEquals(50, new HashSet<>(picks).size());
            assertTrue(large.keySet().containsAll(picks));
            seen.addAll(picks);
        }
        assertTrue(seen.size() > 250, "1000 picks over 500 members reached only " + seen.size());
    }

    /** Scans {@code key} to the end with COUNT {@code count}; every member returned, in order of return. */
    private List<Tuple> scanAll(String key, ScanParams params, Runnable betweenCalls) {
        List<Tuple> all = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        for (int calls = 0; calls < 10_000; calls++) {
            ScanResult<Tuple> page = jedis.zscan(key, cursor, params);
            all.addAll(page.getResult());
            cursor = page.getCursor();
            if (cursor.equals(ScanParams.SCAN_POINTER_START)) {
                return all;
            }
            betweenCalls.run();
        }
        throw new AssertionError("ZSCAN did not finish in 10000 calls");
    }

    @Test
    void scanReturnsEachMemberOnce() {
        assertEquals(List.of(), jedis.zscan("nokey", "0").getResult());
        Map<String, Double> small = fill("small", 20);
        ScanResult<Tuple> whole = jedis.zscan("small", "0", new ScanParams().count(5));
        assertEquals("0", whole.getCursor(), "a small set comes back in one call");
        assertEquals(20, whole.getResult().size());

        Map<String, Double> members = fill("z", 1000);
        List<Tuple> scanned = scanAll("z", new ScanParams().count(50), () -> { });
        Map<String, Integer> times = new HashMap<>();
        for (Tuple t : scanned) {
            times.merge(t.getElement(), 1, Integer::sum);
            assertEquals(members.get(t.getElement()), t.getScore(), t.toString());
        }
        assertEquals(members.keySet(), times.keySet());
        assertEquals(Set.of(1), new HashSet<>(times.values()), "each member once");

        List<Tuple> matched = scanAll("z", new ScanParams().match("m1*").count(100), () -> { });
        Set<String> expected = new HashSet<>();
        members.keySet().stream().filter(m -> m.startsWith("m1")).forEach(expected::add);
        assertEquals(expected.size(), matched.size());
        assertEquals(expected, new HashSet<>(matched.stream().map(Tuple::getElement).toList()));
    }

    @Test
    void scanUnderWritesReturnsMembersPresentThroughout() {
        fill("z", 600);
        int[] step = new int[1];
        List<Tuple> scanned = scanAll("z", new ScanParams().count(40), () -> {
            // between calls: change scores, add members, remove members added meanwhile
            int s = step[0]++;
            jedis.zadd("z", 10_000 + s, "m" + (s * 7 % 600));
            jedis.zadd("z", s, "new" + s);
            jedis.zrem("z", "new" + (s - 1));
        });
        Set<String> returned = new HashSet<>(scanned.stream().map(Tuple::getElement).toList());
        for (int i = 0; i < 600; i++) {
            assertTrue(returned.contains("m" + i), "m" + i + " was there throughout and must be returned");
        }
    }

    @Test
    void differenceAndIntersectionCount() {
        jedis.zadd("z1", Map.of("a", 1.5, "b", 2.0, "c", 3.0));
        jedis.zadd("z2", Map.of("b", 7.0, "x", 1.0));
        assertEquals(List.of("a", "c"), jedis.zdiff("z1", "z2"));
        assertEquals(List.of(new Tuple("a", 1.5), new Tuple("c", 3.0)), jedis.zdiffWithScores("z1", "z2"));
        assertEquals(2, jedis.zdiffstore("out", "z1", "z2"));
        assertEquals(List.of(new Tuple("a", 1.5), new Tuple("c", 3.0)), jedis.zrangeWithScores("out", 0, -1));
        assertEquals(0, jedis.zdiffstore("out", "nokey", "z1"));
        assertFalse(jedis.exists("out"), "an empty difference deletes the destination");
        assertEquals(1, jedis.zintercard("z1", "z2"));
        assertEquals(2, jedis.zintercard(2, "z1", "z1"));
        assertEquals(3, jedis.zintercard(0, "z1", "z1"));
    }

    @Test
    void poppingFromTheFirstOfSeveralKeys() {
        jedis.zadd("z", Map.of("a", 1.5, "b", 2.0, "c", 3.0));
        assertEquals(KeyValue.of("z", List.of(new Tuple("a", 1.5))), jedis.zmpop(SortedSetOption.MIN, "nokey", "z"));
        assertEquals(KeyValue.of("z", List.of(new Tuple("c", 3.0), new Tuple("b", 2.0))),
                jedis.zmpop(SortedSetOption.MAX, 5, "z", "nokey"));
        assertFalse(jedis.exists("z"), "the emptied set is gone");
        assertNull(jedis.zmpop(SortedSetOption.MIN, "z", "nokey"));
        jedis.zadd("w", 7, "x");
        assertEquals(KeyValue.of("w", List.of(new Tuple("x", 7.0))), jedis.bzmpop(1, SortedSetOption.MIN, "z", "w"));
        jedis.set("s", "v");
        jedis.zadd("after", 1, "kept");
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                assertThrows(JedisDataException.class, () -> jedis.zmpop(SortedSetOption.MIN, "nokey", "s", "after")).getMessage());
        assertEquals("ERR count should be greater than 0",
                assertThrows(JedisDataException.class, () -> jedis.zmpop(SortedSetOption.MIN, 0, "after")).getMessage());
        assertEquals(List.of("kept"), jedis.zrange("after", 0, -1), "a failed pop takes nothing");
    }

    @Test
    void blockingPopIsServedByAnotherConnection() throws Exception {
        CompletableFuture<KeyValue<String, Tuple>> popped = CompletableFuture.supplyAsync(() -> {
            try (Jedis waiter = connect(target)) {
                return waiter.bzpopmin(10, "q1", "q2");
            }
        });
        Thread.sleep(300);
        assertFalse(popped.isDone(), "BZPOPMIN waits while both keys are empty");
        assertEquals(2, jedis.zadd("q2", Map.of("b", 2.0, "a", 1.5)));
        KeyValue<String, Tuple> got = popped.get(10, TimeUnit.SECONDS);
        assertEquals("q2", got.getKey());
        assertEquals(new Tuple("a", 1.5), got.getValue());
        assertEquals(List.of("b"), jedis.zrange("q2", 0, -1));

        CompletableFuture<KeyValue<String, Tuple>> max = CompletableFuture.supplyAsync(() -> {
            try (Jedis waiter = connect(target)) {
                return waiter.bzpopmax(10, "q3");
            }
        });
        Thread.sleep(300);
        assertFalse(max.isDone());
        jedis.zadd("q3", Map.of("low", 1.0, "high", 1e20));
        assertEquals(new Tuple("high", 1e20), max.get(10, TimeUnit.SECONDS).getValue());
        assertEquals(1, jedis.zcard("q3"));

        // a set already there is popped at once, from the first key that has one
        jedis.zadd("q4", 7, "x");
        KeyValue<String, Tuple> now = jedis.bzpopmin(10, "nokey", "q4", "q3");
        assertEquals("q4", now.getKey());
        assertEquals(new Tuple("x", 7.0), now.getValue());
        assertFalse(jedis.exists("q4"), "the emptied set is gone");
    }

    @Test
    void blockingPopTimesOutAfterAFractionalTimeout() {
        long start = System.nanoTime();
        assertNull(jedis.bzpopmin(0.3, "nokey"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 250 && millis < 5_000, "timed out after " + millis + " ms");
        start = System.nanoTime();
        assertNull(jedis.bzpopmax(0.05, "nokey", "nokey2"));
        millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 40 && millis < 5_000, "timed out after " + millis + " ms");
        assertEquals("PONG", jedis.ping(), "the connection is usable after a timeout");
    }
}

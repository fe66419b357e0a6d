package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lettuce in RESP3 (it says HELLO 3; simpleredis runs with its default seed dialect, as a user
 * would start it) against the real Redis and simpleredis on every engine: the hash and set
 * commands through Lettuce's API, and the RESP3 aggregate types of their replies as Lettuce
 * receives them (HGETALL a map, SMEMBERS a set, ...).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(60)
class HashesSetsLettuceTest extends LettuceSuite {

    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    static String error(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(RedisCommandExecutionException.class, call).getMessage();
    }

    /** The aggregate frames of a reply, in the order Lettuce reads them: map, set or array. */
    private List<String> shape(String command, String... args) {
        return redis.dispatch(LettuceInteropTest.keyword(command), new ShapeOutput(),
                new CommandArgs<>(StringCodec.UTF8).addKeys(args));
    }

    /** Records the RESP3 aggregate types of a reply and ignores its contents. */
    private static final class ShapeOutput extends CommandOutput<String, String, List<String>> {
        ShapeOutput() {
            super(StringCodec.UTF8, new ArrayList<>());
        }

        @Override
        public void set(ByteBuffer bytes) {
            // contents are checked through the typed API
        }

        @Override
        public void set(long integer) {
            // contents are checked through the typed API
        }

        @Override
        public void multiArray(int count) {
            output.add("array" + count);
        }

        @Override
        public void multiMap(int count) {
            output.add("map" + count);
        }

        @Override
        public void multiSet(int count) {
            output.add("set" + count);
        }
    }

    @Test
    void replyTypesInResp3() {
        redis.hset("h", Map.of("a", "1", "b", "2"));
        redis.sadd("s", "x", "y");
        assertEquals(List.of("map2"), shape("HGETALL", "h"));
        assertEquals(List.of("map0"), shape("HGETALL", "nokey"));
        assertEquals(List.of("array2"), shape("HKEYS", "h"));
        assertEquals(List.of("array2"), shape("HVALS", "h"));
        assertEquals(List.of("array2"), shape("HMGET", "h", "a", "z"));
        assertEquals(List.of("array2", "array2", "array2"), shape("HRANDFIELD", "h", "2", "WITHVALUES"));
        assertEquals(List.of("array2"), shape("HRANDFIELD", "h", "2"));
        assertEquals(List.of("array2", "array4"), shape("HSCAN", "h", "0"));
        assertEquals(List.of("set2"), shape("SMEMBERS", "s"));
        assertEquals(List.of("set0"), shape("SMEMBERS", "nokey"));
        assertEquals(List.of("set2"), shape("SUNION", "s", "nokey"));
        assertEquals(List.of("set0"), shape("SINTER", "s", "nokey"));
        assertEquals(List.of("set2"), shape("SDIFF", "s"));
        assertEquals(List.of("array3"), shape("SRANDMEMBER", "s", "-3"));
        assertEquals(List.of("array2"), shape("SMISMEMBER", "s", "x", "q"));
        assertEquals(List.of("array2", "array2"), shape("SSCAN", "s", "0"));
        assertEquals(List.of("set1"), shape("SPOP", "s", "1"));
        assertEquals(List.of("set0"), shape("SPOP", "nokey", "3"));
    }

    @Test
    void hashes() {
        assertEquals(2L, redis.hset("h", Map.of("a", "1", "b", "2")));
        assertTrue(redis.hset("h", "c", "3"));
        assertFalse(redis.hset("h", "c", "4"));
        assertEquals("4", redis.hget("h", "c"));
        assertNull(redis.hget("h", "nofield"));
        assertEquals(List.of(KeyValue.just("a", "1"), KeyValue.empty("z")), redis.hmget("h", "a", "z"));
        assertFalse(redis.hsetnx("h", "a", "9"));
        assertTrue(redis.hsetnx("h", "d", "9"));
        assertEquals("OK", redis.hmset("h", Map.of("e", "5")));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("a", "1");
        all.put("b", "2");
        all.put("c", "4");
        all.put("d", "9");
        all.put("e", "5");
        assertEquals(all, redis.hgetall("h"));
        assertEquals(Map.of(), redis.hgetall("nokey"));
        assertEquals(Set.copyOf(all.keySet()), new HashSet<>(redis.hkeys("h")));
        assertEquals(5L, redis.hlen("h"));
        assertTrue(redis.hexists("h", "a"));
        assertFalse(redis.hexists("nokey", "a"));
        assertEquals(1L, redis.hstrlen("h", "a"));
        assertEquals(11L, redis.hincrby("h", "a", 10));
        assertEquals(12.5, redis.hincrbyfloat("h", "a", 1.5));
        assertEquals("12.5", redis.hget("h", "a"));
        assertEquals("ERR hash value is not an integer", error(() -> redis.hincrby("h", "a", 1)));
        assertEquals(2L, redis.hdel("h", "a", "b", "zz"));
        assertEquals(3L, redis.hdel("h", "c", "d", "e"));
        assertEquals(0L, redis.exists("h"));

        redis.hset("h", Map.of("a", "1", "b", "2"));
        KeyValue<String, String> one = redis.hrandfieldWithvalues("h");
        assertEquals(Map.of("a", "1", "b", "2").get(one.getKey()), one.getValue());
        for (KeyValue<String, String> kv : redis.hrandfieldWithvalues("h", -5)) {
            assertEquals(Map.of("a", "1", "b", "2").get(kv.getKey()), kv.getValue());
        }
        assertEquals(Set.of("a", "b"), new HashSet<>(redis.hrandfield("h", 5)));

        Map<String, String> scanned = new HashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int pages = 0; pages < 100 && !cursor.isFinished(); pages++) {
            MapScanCursor<String, String> page = redis.hscan("h", cursor, ScanArgs.Builder.limit(1));
            scanned.putAll(page.getMap());
            cursor = page;
        }
        assertEquals(Map.of("a", "1", "b", "2"), scanned);

        redis.set("str", "v");
        assertEquals(WRONGTYPE, error(() -> redis.hgetall("str")));
        assertEquals(WRONGTYPE, error(() -> redis.hset("str", "f", "v")));
    }

    @Test
    void sets() {
        assertEquals(3L, redis.sadd("s", "a", "b", "c"));
        assertEquals(0L, redis.sadd("s", "a"));
        assertEquals(Set.of("a", "b", "c"), redis.smembers("s"));
        assertEquals(Set.of(), redis.smembers("nokey"));
        assertTrue(redis.sismember("s", "a"));
        assertEquals(List.of(true, false), redis.smismember("s", "a", "z"));
        assertEquals(3L, redis.scard("s"));
        assertEquals(1L, redis.srem("s", "c", "z"));
        redis.sadd("t", "b", "c", "d");
        assertEquals(Set.of("b"), redis.sinter("s", "t"));
        assertEquals(Set.of("a", "b", "c", "d"), redis.sunion("s", "t"));
        assertEquals(Set.of("a"), redis.sdiff("s", "t"));
        assertEquals(1L, redis.sinterstore("i", "s", "t"));
        assertEquals(4L, redis.sunionstore("u", "s", "t"));
        assertEquals(2L, redis.sdiffstore("d", "t", "s"));
        assertEquals(Set.of("c", "d"), redis.smembers("d"));
        assertEquals(1L, redis.sintercard("s", "t"));
        assertEquals(2L, redis.sintercard(2, "u", "t"));
        assertEquals(3L, redis.sintercard("u", "t"));
        assertTrue(redis.smove("s", "t", "a"));
        assertFalse(redis.smove("s", "t", "a"));
        assertEquals(Set.of("a", "b", "c", "d"), redis.smembers("t"));

        assertTrue(Set.of("a", "b", "c", "d").contains(redis.srandmember("t")));
        assertEquals(6, redis.srandmember("t", -6).size());
        assertEquals(Set.of("a", "b", "c", "d"), new HashSet<>(redis.srandmember("t", 10)));
        Set<String> popped = redis.spop("t", 3);
        assertEquals(3, popped.size());
        String last = redis.spop("t");
        assertFalse(popped.contains(last));
        assertEquals(0L, redis.exists("t"));
        assertNull(redis.spop("t"));

        redis.sadd("big", "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        Set<String> scanned = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int pages = 0; pages < 100 && !cursor.isFinished(); pages++) {
            ValueScanCursor<String> page = redis.sscan("big", cursor, ScanArgs.Builder.limit(3).match("m[0-4]"));
            scanned.addAll(page.getValues());
            cursor = page;
        }
        assertEquals(Set.of("m0", "m1", "m2", "m3", "m4"), scanned);

        redis.set("str", "v");
        assertEquals(WRONGTYPE, error(() -> redis.smembers("str")));
        assertEquals(WRONGTYPE, error(() -> redis.sunionstore("d", "big", "str")));
    }
}

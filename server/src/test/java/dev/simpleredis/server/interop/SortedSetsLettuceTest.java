package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.ZPopArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sorted sets through Lettuce in RESP3 (it opens with HELLO 3; simpleredis runs with its default
 * seed dialect, as a user would start it) against the real Redis and simpleredis on every engine:
 * the reply types Redis 7.0 sends, seen as Lettuce decodes them (a RESP3 double is a Double, a
 * bulk string a String, an array a List): scores are doubles, WITHSCORES gives [member, score]
 * pairs, ZSCAN's scores stay strings.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(60)
class SortedSetsLettuceTest extends LettuceSuite {

    /** Any command, its reply as Lettuce decodes RESP3: Double, Long, String, List, null. */
    Object call(String command, String... args) {
        return redis.dispatch(LettuceInteropTest.keyword(command), new TypedOutput(),
                new CommandArgs<>(StringCodec.UTF8).addValues(args));
    }

    /**
     * Keeps each frame as Lettuce's decoder reports it, nested arrays as lists (Lettuce's own
     * ObjectOutput cannot take a reply that is a single double).
     */
    static final class TypedOutput extends CommandOutput<String, String, Object> {
        private final Deque<List<Object>> stack = new ArrayDeque<>();
        private int depth;

        TypedOutput() {
            super(StringCodec.UTF8, null);
        }

        private void add(Object value) {
            if (stack.isEmpty()) {
                output = value;
            } else {
                stack.peek().add(value);
            }
        }

        @Override
        public void set(ByteBuffer bytes) {
            add(bytes == null ? null : StringCodec.UTF8.decodeValue(bytes));
        }

        @Override
        public void setSingle(ByteBuffer bytes) {
            set(bytes);
        }

        @Override
        public void set(long integer) {
            add(integer);
        }

        @Override
        public void set(double number) {
            add(number);
        }

        @Override
        public void multi(int count) {
            List<Object> list = new ArrayList<>();
            add(list);
            stack.push(list);
            depth++;
        }

        @Override
        public void complete(int depth) {
            if (depth > 0 && depth < this.depth) {
                stack.pop();
                this.depth--;
            }
        }
    }

    @Test
    void scoresAreDoubles() {
        assertEquals(3L, redis.zadd("z", ScoredValue.just(1.1, "a"), ScoredValue.just(2, "b"), ScoredValue.just(1e20, "c")));
        assertEquals(1.1, redis.zscore("z", "a"));
        assertNull(redis.zscore("z", "nosuch"));
        assertEquals(1.1, call("ZSCORE", "z", "a"));
        assertEquals(Double.POSITIVE_INFINITY, call("ZINCRBY", "z", "inf", "c"));
        assertEquals(3.5, call("ZINCRBY", "z", "1.5", "b"));
        assertEquals(3.5, redis.zincrby("z", 0, "b"));
        assertEquals(4.5, call("ZADD", "z", "INCR", "1", "b"));
        assertNull(call("ZADD", "z", "XX", "INCR", "1", "nosuch"));
        assertEquals(Arrays.asList(1.1, null, 4.5), call("ZMSCORE", "z", "a", "nosuch", "b"));
        assertEquals(Arrays.asList(1.1, null), redis.zmscore("z", "a", "nosuch"));
        assertEquals(1L, redis.zadd("z", ZAddArgs.Builder.ch(), 2.2, "a"));
    }

    @Test
    void withScoresGivesPairs() {
        redis.zadd("z", ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c"));
        List<Object> pairs = List.of(List.of("a", 1.5), List.of("b", 2.0), List.of("c", 3.0));
        assertEquals(pairs, call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals(List.of("a", "b", "c"), call("ZRANGE", "z", "0", "-1"));
        assertEquals(pairs, call("ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES"));
        assertEquals(List.of(List.of("c", 3.0), List.of("b", 2.0)), call("ZREVRANGE", "z", "0", "1", "WITHSCORES"));
        assertEquals(List.of(List.of("b", 2.0)), call("ZRANGE", "z", "(1.5", "+inf", "BYSCORE", "LIMIT", "0", "1", "WITHSCORES"));
        assertEquals(pairs.reversed(), call("ZRANDMEMBER", "z", "10", "WITHSCORES"));
        assertEquals(pairs, call("ZUNION", "1", "z", "WITHSCORES"));
        assertEquals(List.of(ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c")),
                redis.zrangeWithScores("z", 0, -1));
        assertEquals(List.of(ScoredValue.just(3, "c")), redis.zrevrangebyscoreWithScores("z", Range.create(2.5, 10)));
    }

    @Test
    void differenceAndIntersectionCount() {
        redis.zadd("z1", ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c"));
        redis.zadd("z2", ScoredValue.just(7, "b"));
        assertEquals(List.of("a", "c"), redis.zdiff("z1", "z2"));
        assertEquals(List.of(ScoredValue.just(1.5, "a"), ScoredValue.just(3, "c")), redis.zdiffWithScores("z1", "z2"));
        assertEquals(List.of(List.of("a", 1.5), List.of("c", 3.0)), call("ZDIFF", "2", "z1", "z2", "WITHSCORES"));
        assertEquals(2L, redis.zdiffstore("out", "z1", "z2"));
        assertEquals(List.of(ScoredValue.just(1.5, "a"), ScoredValue.just(3, "c")), redis.zrangeWithScores("out", 0, -1));
        assertEquals(1L, redis.zintercard("z1", "z2"));
        assertEquals(2L, redis.zintercard(2, "z1", "out"));
        assertEquals(List.of(), redis.zdiff("nokey", "z1"));
    }

    @Test
    void popsAndScans() {
        redis.zadd("z", ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c"), ScoredValue.just(4, "d"));
        // without a count a flat [member, score]; with one, pairs
        assertEquals(List.of("a", 1.5), call("ZPOPMIN", "z"));
        assertEquals(List.of(List.of("d", 4.0)), call("ZPOPMAX", "z", "1"));
        assertEquals(List.of(), call("ZPOPMIN", "nokey"));
        assertEquals(ScoredValue.just(2, "b"), redis.zpopmin("z"));
        assertEquals(List.of("z", "c", 3.0), call("BZPOPMIN", "nokey", "z", "1"));
        assertNull(call("BZPOPMAX", "nokey", "0.01"));
        // the MPOP forms: [key, [[member, score] ...]], the null frame when there is nothing
        redis.zadd("m", ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c"));
        assertEquals(List.of("m", List.of(List.of("a", 1.5))), call("ZMPOP", "2", "nokey", "m", "MIN"));
        assertEquals(KeyValue.just("m", ScoredValue.just(3, "c")), redis.zmpop(ZPopArgs.Builder.max(), "nokey", "m"));
        assertEquals(KeyValue.just("m", List.of(ScoredValue.just(2, "b"))), redis.bzmpop(1.0, 5, ZPopArgs.Builder.min(), "m"));
        assertNull(call("ZMPOP", "1", "m", "MIN"));
        assertNull(call("BZMPOP", "0.01", "1", "m", "MAX", "COUNT", "2"));
        redis.zadd("s", ScoredValue.just(1.1, "a"), ScoredValue.just(1e17, "b"));
        // ZSCAN's scores are strings, as Redis keeps them in a small set
        assertEquals(List.of("0", List.of("a", "1.1000000000000001", "b", "100000000000000000")), call("ZSCAN", "s", "0"));
        assertNull(call("ZRANDMEMBER", "nokey"));
        assertNull(call("ZRANK", "s", "nosuch"));
        assertEquals(1L, call("ZREVRANK", "s", "a"));
    }
}

package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LPosArgs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lists through Lettuce, which talks RESP3 after HELLO 3, against the real Redis and simpleredis
 * (started in its seed dialect, as a user would) on every engine: the reply types Lettuce maps
 * from RESP3 frames (nulls, arrays, integers, [key, element] pairs).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(60)
class ListsLettuceTest extends LettuceSuite {

    @Test
    void replyTypesInResp3() {
        assertEquals(3L, redis.rpush("l", "a", "b", "c"));
        assertEquals(4L, redis.lpushx("l", "z"));
        assertEquals(List.of("z", "a", "b", "c"), redis.lrange("l", 0, -1));
        assertEquals(List.of(), redis.lrange("nokey", 0, -1));
        assertEquals("z", redis.lpop("l"));
        assertEquals(List.of("c", "b"), redis.rpop("l", 2));
        assertEquals(List.of(), redis.lpop("l", 0));
        assertNull(redis.lpop("nokey"));
        assertEquals(List.of(), redis.lpop("nokey", 2), "the null frame for a missing key, an empty list to Lettuce");
        assertEquals("a", redis.lindex("l", 0));
        assertNull(redis.lindex("l", 5));
        redis.rpush("l", "a", "x", "a");
        assertEquals(0L, redis.lpos("l", "a"));
        assertEquals(3L, redis.lpos("l", "a", LPosArgs.Builder.rank(-1)));
        assertNull(redis.lpos("l", "nothing"));
        assertEquals(List.of(0L, 1L, 3L), redis.lpos("l", "a", 0));
        assertEquals(List.of(), redis.lpos("nokey", "a", 0));
        assertEquals(5L, redis.linsert("l", true, "x", "w"));
        assertEquals(3L, redis.lrem("l", 0, "a"));
        assertEquals(List.of("w", "x"), redis.lrange("l", 0, -1), "inserted before the pivot");
        assertEquals("OK", redis.lset("l", 0, "W"));
        assertEquals("OK", redis.ltrim("l", 0, 1));
        assertEquals(2L, redis.llen("l"));
        assertEquals("x", redis.lmove("l", "m", LMoveArgs.Builder.rightLeft()));
        assertEquals("W", redis.rpoplpush("l", "m"));
        assertEquals(0L, redis.exists("l"));
        assertEquals(List.of("W", "x"), redis.lrange("m", 0, -1));
    }

    @Test
    void blockingPopsInResp3() {
        redis.rpush("b", "x", "y");
        assertEquals(KeyValue.just("b", "x"), redis.blpop(0, "a", "b"));
        assertEquals(KeyValue.just("b", "y"), redis.brpop(0.5, "a", "b"));
        long start = System.nanoTime();
        assertNull(redis.blpop(0.2, "a", "b"), "a timeout is the null frame");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
        assertNull(redis.blmove("a", "m", LMoveArgs.Builder.leftRight(), 0.05));
        assertNull(redis.brpoplpush(0.05, "a", "m"));
        redis.rpush("a", "1");
        assertEquals("1", redis.blmove("a", "m", LMoveArgs.Builder.leftRight(), 0.05));
        assertEquals(List.of("1"), redis.lrange("m", 0, -1));
    }

    @Test
    void multiKeyPopsInResp3() {
        redis.rpush("b", "x", "y", "z");
        assertEquals(KeyValue.just("b", List.of("x")), redis.lmpop(LMPopArgs.Builder.left(), "a", "b"));
        assertEquals(KeyValue.just("b", List.of("z", "y")), redis.lmpop(LMPopArgs.Builder.right().count(5), "a", "b"));
        assertNull(redis.lmpop(LMPopArgs.Builder.left(), "a", "b"), "nothing to pop is the null frame");
        redis.rpush("a", "1", "2");
        assertEquals(KeyValue.just("a", List.of("1", "2")), redis.blmpop(0, LMPopArgs.Builder.left().count(2), "a", "b"));
        assertNull(redis.blmpop(0.05, LMPopArgs.Builder.left(), "a", "b"));
    }
}

package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Lua scripts through Jedis against the real Redis and simpleredis on every engine: the script
 * cache (SCRIPT LOAD, EVALSHA, NOSCRIPT then EVAL), replies, a failing script's writes, a script
 * that never ends, and atomicity under concurrent clients. Where simpleredis differs from Redis
 * on purpose (a failed script keeps no writes; a long one is stopped), the test says so.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(120)
class ScriptingInteropTest extends JedisSuite {

    static final String INCR_BY = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

    @BeforeEach
    void flushScripts() {
        jedis.scriptFlush();
    }

    static String sha1(String script) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void evalShaAfterScriptLoad() throws Exception {
        String sha = jedis.scriptLoad(INCR_BY);
        assertEquals(sha1(INCR_BY), sha);
        assertEquals(List.of(true, false), jedis.scriptExists(sha, sha1("return 0")));
        assertEquals(5L, jedis.evalsha(sha, List.of("n"), List.of("5")));
        assertEquals(7L, jedis.evalsha(sha.toUpperCase(), List.of("n"), List.of("2")));
        assertEquals("7", jedis.get("n"));
        assertEquals(7L, jedis.evalshaReadonly(jedis.scriptLoad("return tonumber(redis.call('GET', KEYS[1]))"),
                List.of("n"), List.of()));
    }

    @Test
    void noScriptThenEval() throws Exception {
        String sha = sha1(INCR_BY);
        JedisNoScriptException e = assertThrows(JedisNoScriptException.class,
                () -> jedis.evalsha(sha, List.of("n"), List.of("1")));
        assertEquals("NOSCRIPT No matching script. Please use EVAL.", e.getMessage());
        assertEquals(1L, jedis.eval(INCR_BY, List.of("n"), List.of("1")));
        assertTrue(jedis.scriptExists(sha), "EVAL caches the script");
        assertEquals(3L, jedis.evalsha(sha, List.of("n"), List.of("2")));
        jedis.scriptFlush();
        assertThrows(JedisNoScriptException.class, () -> jedis.evalsha(sha, List.of("n"), List.of("1")));
    }

    @Test
    void repliesThroughJedis() {
        jedis.set("s", "text");
        assertEquals(Arrays.asList(1L, "two", "three", null, 4L, "text"),
                jedis.eval("return {1, 'two', {ok='three'}, false, 4.7, redis.call('GET', KEYS[1])}", List.of("s"), List.of()));
        assertEquals("OK", jedis.eval("return redis.call('SET', KEYS[1], ARGV[1])", List.of("s"), List.of("v")));
        assertNull(jedis.eval("return redis.call('GET', 'nokey')"));
        assertEquals(List.of("a", "b"), jedis.eval("return ARGV", List.of(), List.of("a", "b")));
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.eval("return {err='MINE wrong'}"));
        assertEquals("MINE wrong", e.getMessage());
    }

    @Test
    void aFailingScriptKeepsNoWrites() throws Exception {
        jedis.set("text", "abc");
        String script = "redis.call('SET', KEYS[1], 'written')\n"
                + "redis.call('INCR', KEYS[2])\n"
                + "redis.call('SET', KEYS[3], 'never')";
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> jedis.eval(script, List.of("a", "text", "b"), List.of()));
        assertEquals("ERR value is not an integer or out of range script: " + sha1(script) + ", on @user_script:2.",
                e.getMessage());
        // Redis keeps what a script wrote before its error; simpleredis drops the whole script
        assertEquals(target.isRedis() ? "written" : null, jedis.get("a"));
        assertNull(jedis.get("b"));
        assertEquals("abc", jedis.get("text"));

        e = assertThrows(JedisDataException.class,
                () -> jedis.eval("redis.call('SET', KEYS[1], 'written') error('stop here')", List.of("c"), List.of()));
        assertTrue(e.getMessage().startsWith("ERR user_script:1: stop here script: "), e.getMessage());
        assertEquals(target.isRedis() ? "written" : null, jedis.get("c"));

        // an error reply returned, not raised, is an ordinary end: the writes stay, as in Redis
        e = assertThrows(JedisDataException.class,
                () -> jedis.eval("redis.call('SET', KEYS[1], 'kept') return redis.error_reply('MINE no')", List.of("d"), List.of()));
        assertEquals("MINE no", e.getMessage());
        assertEquals("kept", jedis.get("d"));
    }

    @Test
    void aScriptThatNeverEndsIsStoppedAndOthersAreServed() throws Exception {
        // Redis would let it run, answering other clients BUSY until SCRIPT KILL
        Assumptions.assumeFalse(target.isRedis(), "Redis does not stop long scripts by itself");
        try (Target limited = Target.start(name, "lua-time-limit", "200");
                Jedis looping = connect(limited);
                Jedis other = connect(limited)) {
            other.set("k", "before");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                long start = System.nanoTime();
                Future<JedisDataException> loop = pool.submit(() -> assertThrows(JedisDataException.class,
                        () -> looping.eval("redis.call('SET', KEYS[1], 'during') while true do end", List.of("k"), List.of())));
                Thread.sleep(50);
                assertEquals("PONG", other.ping(), "another client is served once the script is stopped");
                assertEquals("before", other.get("k"), "the stopped script's write is not kept");
                JedisDataException e = loop.get(30, TimeUnit.SECONDS);
                assertEquals("ERR script ran longer than 200 ms (simpleredis.lua-time-limit) and was stopped; none of"
                        + " its writes were kept", e.getMessage());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
            } finally {
                pool.shutdownNow();
            }
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> looping.eval("pcall(function() while true do end end) return 'caught'"));
            assertTrue(e.getMessage().contains("ran longer than 200 ms"), "pcall cannot catch the stop: " + e.getMessage());
            e = assertThrows(JedisDataException.class, () -> looping.eval("local function f() return f() + 1 end return f()"));
            assertTrue(e.getMessage().startsWith("ERR user_script:1: stack overflow script: "), e.getMessage());
            e = assertThrows(JedisDataException.class, () -> looping.eval("return string.rep('x', 1e9)"));
            assertTrue(e.getMessage().startsWith("ERR user_script:1: resulting string too large"), e.getMessage());
            e = assertThrows(JedisDataException.class, () -> looping.eval("local t = {} while true do t[#t + 1] = 'x' end"));
            assertTrue(e.getMessage().contains("was stopped"), e.getMessage());
            // a reply that contains itself twice would take for ever to convert
            e = assertThrows(JedisDataException.class, () -> looping.eval("local t = {} t[1] = t t[2] = t return t"));
            assertTrue(e.getMessage().contains("was stopped"), e.getMessage());
            assertEquals(1L, looping.eval("return 1"), "the connection goes on");
            assertEquals("OK", other.set("k", "after"));
            assertEquals("after", looping.get("k"));
        }
    }

    @Test
    void scriptsAreAtomic() throws Exception {
        // a read-modify-write that only adds up if no other command runs in between
        String sha = jedis.scriptLoad("local v = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
                + "redis.call('SET', KEYS[1], v + 1)\n"
                + "return redis.call('INCR', KEYS[2])");
        int threads = 4;
        int runs = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    List<Long> seen = new ArrayList<>(runs);
                    try (Jedis j = connect(target)) {
                        for (int i = 0; i < runs; i++) {
                            seen.add((Long) j.evalsha(sha, List.of("counter", "incremented"), List.of()));
                        }
                    }
                    return seen;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : results) {
                all.addAll(f.get(100, TimeUnit.SECONDS));
            }
            assertEquals(threads * runs, all.size(), "every run saw its own INCR result");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(String.valueOf(threads * runs), jedis.get("counter"));
        assertEquals(String.valueOf(threads * runs), jedis.get("incremented"));
    }
}

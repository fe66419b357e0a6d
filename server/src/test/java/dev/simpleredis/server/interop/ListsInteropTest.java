package dev.simpleredis.server.interop;

import static dev.simpleredis.server.interop.JedisInteropTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

/**
 * Lists through Jedis against the real Redis and simpleredis on every engine: the commands
 * through Jedis's API, and the blocking pops as clients see them — served by another client's
 * push, timeouts, several keys, a transaction's pushes, arrival order, a client that goes away
 * while waiting, and a key that changes type under a waiting client.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(60)
class ListsInteropTest extends JedisSuite {

    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    final List<Jedis> others = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void closeOthers() throws InterruptedException {
        others.forEach(Jedis::close);
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Runs {@code call} on a connection of its own, in the background. */
    private <T> Future<T> onOtherClient(Function<Jedis, T> call) {
        Jedis other = connect(target);
        others.add(other);
        return pool.submit(() -> call.apply(other));
    }

    /** Waits (up to 10 s) until INFO says {@code n} clients are blocked. */
    private void awaitBlocked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line = "";
        while (System.nanoTime() < deadline) {
            line = jedis.info("clients").lines().filter(l -> l.startsWith("blocked_clients:")).findFirst().orElse("");
            if (line.equals("blocked_clients:" + n)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("expected " + n + " blocked clients, INFO says " + line);
    }

    private static <T> T result(Future<T> f) throws InterruptedException, ExecutionException {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the blocked client was not served");
        }
    }

    @Test
    void commandsThroughJedis() {
        assertEquals(3, jedis.rpush("l", "b", "c", "d"));
        assertEquals(4, jedis.lpush("l", "a"));
        assertEquals(List.of("a", "b", "c", "d"), jedis.lrange("l", 0, -1));
        assertEquals(List.of("c", "d"), jedis.lrange("l", -2, 100));
        assertEquals(4, jedis.llen("l"));
        assertEquals("d", jedis.lindex("l", -1));
        assertNull(jedis.lindex("l", 4));
        assertEquals("OK", jedis.lset("l", 1, "B"));
        assertEquals("ERR index out of range", error(() -> jedis.lset("l", 9, "x")));
        assertEquals("ERR no such key", error(() -> jedis.lset("nokey", 0, "x")));
        assertEquals(5, jedis.linsert("l", ListPosition.AFTER, "B", "x"));
        assertEquals(-1, jedis.linsert("l", ListPosition.BEFORE, "nopivot", "x"));
        assertEquals(List.of("a", "B", "x", "c", "d"), jedis.lrange("l", 0, -1));
        assertEquals(2L, jedis.lpos("l", "x"));
        assertNull(jedis.lpos("l", "nothing"));
        jedis.rpush("l", "x", "x");
        assertEquals(6L, jedis.lpos("l", "x", LPosParams.lPosParams().rank(-1)));
        assertEquals(List.of(5L, 6L), jedis.lpos("l", "x", LPosParams.lPosParams().rank(2), 0));
        assertEquals(List.of(2L), jedis.lpos("l", "x", LPosParams.lPosParams().maxlen(4), 0));
        assertEquals(2, jedis.lrem("l", -2, "x"));
        assertEquals(List.of("a", "B", "x", "c", "d"), jedis.lrange("l", 0, -1));
        assertEquals("OK", jedis.ltrim("l", 1, -2));
        assertEquals(List.of("B", "x", "c"), jedis.lrange("l", 0, -1));
        assertEquals("B", jedis.lmove("l", "m", ListDirection.LEFT, ListDirection.RIGHT));
        assertEquals("c", jedis.rpoplpush("l", "m"));
        assertEquals(List.of("c", "B"), jedis.lrange("m", 0, -1));
        assertEquals(List.of("c", "B"), jedis.lpop("m", 5));
        assertFalse(jedis.exists("m"), "an emptied list disappears");
        assertNull(jedis.lpop("m", 2));
        assertNull(jedis.rpop("m"));
        assertEquals(0, jedis.lpushx("m", "x"));
        assertEquals(2, jedis.rpushx("l", "y"));
        assertEquals(List.of("y", "x"), jedis.rpop("l", 2));
        assertEquals("none", jedis.type("l"));

        jedis.set("s", "v");
        assertEquals(WRONGTYPE, error(() -> jedis.lpush("s", "a")));
        assertEquals(WRONGTYPE, error(() -> jedis.lrange("s", 0, -1)));
        assertEquals(WRONGTYPE, error(() -> jedis.blpop(1, "s")));

        jedis.rpush("q", "1", "2", "3");
        assertEquals(KeyValue.of("q", List.of("1")), jedis.lmpop(ListDirection.LEFT, "nokey", "q"));
        assertEquals(KeyValue.of("q", List.of("3", "2")), jedis.lmpop(ListDirection.RIGHT, 5, "q"));
        assertNull(jedis.lmpop(ListDirection.LEFT, "q", "nokey"));
        jedis.rpush("q", "4");
        assertEquals(KeyValue.of("q", List.of("4")), jedis.blmpop(1, ListDirection.LEFT, "nokey", "q"));
        jedis.rpush("q", "kept");
        assertEquals(WRONGTYPE, error(() -> jedis.lmpop(ListDirection.LEFT, "s", "q")));
        assertEquals("ERR count should be greater than 0", error(() -> jedis.lmpop(ListDirection.LEFT, 0, "q")));
        assertEquals("ERR numkeys should be greater than 0",
                error(() -> jedis.sendCommand(JedisInteropTest.cmd("LMPOP"), "0", "q", "LEFT")));
        assertEquals(List.of("kept"), jedis.lrange("q", 0, -1), "a failed pop takes nothing");
    }

    @Test
    void blpopIsServedByAnotherClientsPush() throws Exception {
        Future<KeyValue<String, String>> popped = onOtherClient(c -> c.blpop(0.0, "queue"));
        awaitBlocked(1);
        assertTrue(jedis.clientList().lines().anyMatch(l -> l.contains("flags=b") && l.contains("cmd=blpop")),
                "CLIENT LIST marks the waiting client");
        assertEquals(1, jedis.rpush("queue", "job"), "the push replies the length it made");
        assertEquals(KeyValue.of("queue", "job"), result(popped));
        assertFalse(jedis.exists("queue"), "the waiting client took the only element");
        awaitBlocked(0);

        Future<KeyValue<String, String>> right = onOtherClient(c -> c.brpop(0.0, "queue"));
        awaitBlocked(1);
        jedis.rpush("queue", "a", "b", "c");
        assertEquals(KeyValue.of("queue", "c"), result(right));
        assertEquals(List.of("a", "b"), jedis.lrange("queue", 0, -1));
    }

    @Test
    void timeoutsWithFractionsReplyNull() {
        long start = System.nanoTime();
        assertNull(jedis.blpop(0.3, "nokey"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 250 && millis < 5000, "waited " + millis + " ms");
        assertNull(jedis.brpop(0.05, "nokey", "nokey2"));
        assertNull(jedis.blmove("nokey", "dst", ListDirection.LEFT, ListDirection.RIGHT, 0.05));
        assertFalse(jedis.exists("dst"));
    }

    @Test
    void severalKeysTakeFromTheFirstNonEmptyOne() throws Exception {
        jedis.rpush("b", "x");
        jedis.rpush("c", "y");
        assertEquals(KeyValue.of("b", "x"), jedis.blpop(0.0, "a", "b", "c"));
        assertEquals(KeyValue.of("c", "y"), jedis.brpop(0.0, "a", "b", "c"));

        Future<KeyValue<String, String>> popped = onOtherClient(c -> c.blpop(0.0, "a", "b", "c"));
        awaitBlocked(1);
        jedis.rpush("c", "z");
        assertEquals(KeyValue.of("c", "z"), result(popped));
    }

    @Test
    void blmoveAndBrpoplpushWakeAndMove() throws Exception {
        Future<String> moved = onOtherClient(c -> c.blmove("src", "dst", ListDirection.LEFT, ListDirection.RIGHT, 0));
        awaitBlocked(1);
        jedis.rpush("src", "a", "b");
        assertEquals("a", result(moved));
        assertEquals(List.of("b"), jedis.lrange("src", 0, -1));
        assertEquals(List.of("a"), jedis.lrange("dst", 0, -1));

        jedis.del("src");
        Future<String> popped = onOtherClient(c -> c.brpoplpush("src", "dst", 0));
        awaitBlocked(1);
        jedis.rpush("src", "c", "d");
        assertEquals("d", result(popped));
        assertEquals(List.of("c"), jedis.lrange("src", 0, -1));
        assertEquals(List.of("d", "a"), jedis.lrange("dst", 0, -1));
    }

    @Test
    void aTransactionsPushWakesAWaitingClientOnceExecEnds() throws Exception {
        Future<KeyValue<String, String>> popped = onOtherClient(c -> c.blpop(0.0, "queue"));
        awaitBlocked(1);
        Transaction t = jedis.multi();
        t.rpush("queue", "a");
        t.rpush("queue", "b");
        Response<Long> length = t.llen("queue");
        Thread.sleep(100);
        assertFalse(popped.isDone(), "nothing is pushed before EXEC");
        t.exec();
        assertEquals(2, length.get(), "the transaction saw both pushes: nobody popped in between");
        assertEquals(KeyValue.of("queue", "a"), result(popped));
        assertEquals(List.of("b"), jedis.lrange("queue", 0, -1));
    }

    @Test
    void waitingClientsAreServedInArrivalOrder() throws Exception {
        List<Future<KeyValue<String, String>>> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            waiting.add(onOtherClient(c -> c.blpop(0.0, "queue")));
            awaitBlocked(i);
        }
        jedis.rpush("queue", "1");
        jedis.rpush("queue", "2");
        jedis.rpush("queue", "3");
        for (int i = 0; i < 3; i++) {
            assertEquals(KeyValue.of("queue", Integer.toString(i + 1)), result(waiting.get(i)), "client " + (i + 1));
        }

        waiting.clear();
        for (int i = 1; i <= 3; i++) {
            waiting.add(onOtherClient(c -> c.blpop(0.0, "queue")));
            awaitBlocked(i);
        }
        jedis.rpush("queue", "a", "b", "c", "d");
        for (int i = 0; i < 3; i++) {
            String expected = String.valueOf((char) ('a' + i));
            assertEquals(KeyValue.of("queue", expected), result(waiting.get(i)), "client " + (i + 1));
        }
        assertEquals(List.of("d"), jedis.lrange("queue", 0, -1));
    }

    @Test
    void aClientClosedWhileWaitingLosesNoItem() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", target.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("*3\r\n$5\r\nBLPOP\r\n$5\r\nqueue\r\n$1\r\n0\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitBlocked(1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        awaitBlocked(0);
        assertEquals(1, jedis.rpush("queue", "item"));
        assertEquals(List.of("item"), jedis.lrange("queue", 0, -1));
    }

    @Test
    void aWaitingClientIsServedFromAListOnly() throws Exception {
        Future<KeyValue<String, String>> popped = onOtherClient(c -> c.blpop(0.0, "queue"));
        awaitBlocked(1);
        jedis.set("queue", "now a string");
        Thread.sleep(100);
        assertFalse(popped.isDone(), "a key of another type does not wake the client");
        awaitBlocked(1);
        jedis.del("queue");
        jedis.rpush("queue", "item");
        assertEquals(KeyValue.of("queue", "item"), result(popped));

        // BLMOVE served while its destination holds another type: the error, and the element stays
        jedis.set("dst", "string");
        Future<String> moved = onOtherClient(c -> c.blmove("src", "dst", ListDirection.LEFT, ListDirection.LEFT, 0));
        awaitBlocked(1);
        jedis.rpush("src", "a");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> result(moved));
        assertEquals(WRONGTYPE, failed.getCause().getMessage());
        assertEquals(List.of("a"), jedis.lrange("src", 0, -1));
    }
}

package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

/**
 * Blocking pops under load, against the real Redis and every engine: 50 clients blocked in BRPOP
 * on 5 lists while 5 others push 10,000 items get each item exactly once; waiters are served in
 * the order they blocked; a timeout gives null; a client that goes away while blocked takes no
 * item with it. BLMPOP and BZMPOP wake for another connection's write, EXEC and a script, serve
 * their waiters in order, and answer at once inside MULTI.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(180)
class BlockingPopsTest extends JedisSuite {

    /** Runs the clients a test blocks. */
    private final ExecutorService waiting = Executors.newCachedThreadPool();

    @AfterEach
    void stopWaiting() {
        waiting.shutdownNow();
    }

    @Test
    void fiftyBlockedClientsGetTenThousandPushedItemsExactlyOnce() throws Exception {
        int lists = 5;
        int consumers = 50;
        int pushers = 5;
        int perPusher = 2_000;
        int total = pushers * perPusher;
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        AtomicInteger taken = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(consumers + pushers);
        try {
            List<Future<?>> consumerTasks = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                String list = "queue:" + (c % lists);
                consumerTasks.add(pool.submit(() -> {
                    try (Jedis j = connect(target)) {
                        // Bounded: stops when every item is taken, or after a quiet second once
                        // the pushers are done (checked by the caller through the count).
                        for (int n = 0; n < total && taken.get() < total; n++) {
                            KeyValue<String, String> item = j.brpop(1.0, list);
                            if (item != null) {
                                received.add(item.getValue());
                                taken.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            awaitUntil(() -> blockedClients() >= consumers, "all 50 consumers blocked");
            List<Future<?>> pusherTasks = new ArrayList<>();
            for (int p = 0; p < pushers; p++) {
                int pusher = p;
                pusherTasks.add(pool.submit(() -> {
                    try (Jedis j = connect(target)) {
                        for (int n = 0; n < perPusher; n++) {
                            j.lpush("queue:" + (n % lists), pusher + ":" + n);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : pusherTasks) {
                f.get(120, TimeUnit.SECONDS);
            }
            awaitUntil(() -> taken.get() >= total, "every item taken");
            for (Future<?> f : consumerTasks) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> all = new ArrayList<>(received);
        Set<String> distinct = new HashSet<>(all);
        assertEquals(total, all.size(), "items received");
        assertEquals(total, distinct.size(), "distinct items received");
        for (int l = 0; l < lists; l++) {
            assertEquals(0, jedis.llen("queue:" + l));
        }
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() throws Exception {
        List<Future<KeyValue<String, String>>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(blocked(j -> j.brpop(30.0, "fifo"), "waiter " + i));
        }
        // One push of three: RPUSH a b c, then each BRPOP takes from the right, first waiter first.
        jedis.rpush("fifo", "a", "b", "c");
        assertEquals("c", served(waiters.get(0)).getValue());
        assertEquals("b", served(waiters.get(1)).getValue());
        assertEquals("a", served(waiters.get(2)).getValue());
        assertEquals(0, jedis.llen("fifo"));
    }

    @Test
    void aTimeoutRepliesNull() {
        assertNull(jedis.brpop(0.1, "nothing"));
        assertNull(jedis.blpop(0.05, "nothing", "nothing either"));
        assertEquals(0, blockedClients());
    }

    @Test
    void aClientGoneWhileBlockedTakesNoItem() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", target.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write("*3\r\n$5\r\nBRPOP\r\n$4\r\ngone\r\n$1\r\n0\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitUntil(() -> blockedClients() == 1, "the raw client blocked");
            socket.setSoLinger(true, 0); // a reset, as when the client's process is killed
        }
        awaitUntil(() -> blockedClients() == 0, "the server saw the client go");
        jedis.lpush("gone", "kept");
        assertEquals(List.of("kept"), jedis.lrange("gone", 0, -1));
    }

    @Test
    void multiPopsAreServedByAnotherConnectionATransactionAndAScript() throws Exception {
        Future<KeyValue<String, List<Tuple>>> byPush = blocked(j -> j.bzmpop(30, SortedSetOption.MAX, 2, "z1", "z2"), "BZMPOP");
        jedis.zadd("z2", Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        assertEquals(KeyValue.of("z2", List.of(new Tuple("c", 3.0), new Tuple("b", 2.0))), served(byPush));
        assertEquals(List.of("a"), jedis.zrange("z2", 0, -1));

        Future<KeyValue<String, List<String>>> byExec = blocked(j -> j.blmpop(30, ListDirection.LEFT, 2, "l1", "l2"), "BLMPOP");
        Transaction t = jedis.multi();
        t.rpush("l2", "x", "y", "z");
        t.exec();
        assertEquals(KeyValue.of("l2", List.of("x", "y")), served(byExec));
        assertEquals(List.of("z"), jedis.lrange("l2", 0, -1));

        Future<KeyValue<String, List<Tuple>>> byScript = blocked(j -> j.bzmpop(30, SortedSetOption.MIN, "q"), "BZMPOP");
        jedis.eval("return redis.call('zadd', KEYS[1], 5, 'm', 6, 'n')", 1, "q");
        assertEquals(KeyValue.of("q", List.of(new Tuple("m", 5.0))), served(byScript));
        assertEquals(List.of("n"), jedis.zrange("q", 0, -1));
    }

    @Test
    void multiPopWaitersAreServedInTheOrderTheyBlocked() throws Exception {
        List<Future<KeyValue<String, List<String>>>> lists = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lists.add(blocked(j -> j.blmpop(30, ListDirection.RIGHT, 2, "fifo"), "BLMPOP waiter " + i));
        }
        jedis.rpush("fifo", "a", "b", "c", "d", "e");
        assertEquals(KeyValue.of("fifo", List.of("e", "d")), served(lists.get(0)));
        assertEquals(KeyValue.of("fifo", List.of("c", "b")), served(lists.get(1)));
        assertEquals(KeyValue.of("fifo", List.of("a")), served(lists.get(2)));
        assertFalse(jedis.exists("fifo"));

        List<Future<KeyValue<String, List<Tuple>>>> zsets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            zsets.add(blocked(j -> j.bzmpop(30, SortedSetOption.MIN, "zfifo"), "BZMPOP waiter " + i));
        }
        jedis.zadd("zfifo", Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        for (int i = 0; i < 3; i++) {
            Tuple expected = new Tuple(String.valueOf((char) ('a' + i)), i + 1.0);
            assertEquals(KeyValue.of("zfifo", List.of(expected)), served(zsets.get(i)), "waiter " + i);
        }
    }

    /** A write that leaves the key holding another type does not answer the waiter, which waits on. */
    @Test
    void aWaitingMultiPopIsServedFromItsOwnTypeOnly() throws Exception {
        Future<KeyValue<String, List<Tuple>>> zset = blocked(j -> j.bzmpop(30, SortedSetOption.MIN, "k"), "BZMPOP");
        Future<KeyValue<String, List<String>>> list = blocked(j -> j.blmpop(30, ListDirection.LEFT, "k"), "BLMPOP");
        jedis.set("k", "a string");
        jedis.del("k");
        jedis.rpush("k", "element");
        assertEquals(KeyValue.of("k", List.of("element")), served(list));
        jedis.zadd("k", 1, "member");
        assertEquals(KeyValue.of("k", List.of(new Tuple("member", 1.0))), served(zset));
    }

    @Test
    void multiPopsInsideATransactionOrTimedOutReplyNull() {
        Transaction t = jedis.multi();
        Response<KeyValue<String, List<String>>> list = t.blmpop(0, ListDirection.LEFT, "empty");
        Response<KeyValue<String, List<Tuple>>> zset = t.bzmpop(0, SortedSetOption.MAX, "empty");
        t.rpush("full", "x");
        Response<KeyValue<String, List<String>>> taken = t.blmpop(0, ListDirection.LEFT, "empty", "full");
        t.exec();
        assertNull(list.get());
        assertNull(zset.get());
        assertEquals(KeyValue.of("full", List.of("x")), taken.get());
        assertNull(jedis.blmpop(0.05, ListDirection.LEFT, "nothing"));
        assertNull(jedis.bzmpop(0.05, SortedSetOption.MIN, "nothing", "nothing either"));
        assertEquals(0, blockedClients());
    }

    /** Runs {@code call} on a connection of its own; returns once the server counts one more blocked client. */
    private <T> Future<T> blocked(Function<Jedis, T> call, String what) throws InterruptedException {
        int before = blockedClients();
        Future<T> reply = waiting.submit(() -> {
            try (Jedis j = connect(target)) {
                return call.apply(j);
            }
        });
        awaitUntil(() -> blockedClients() > before, what + " blocked");
        return reply;
    }

    private static <T> T served(Future<T> reply) throws Exception {
        return reply.get(30, TimeUnit.SECONDS);
    }

    private int blockedClients() {
        for (String line : jedis.info("clients").split("\r\n")) {
            if (line.startsWith("blocked_clients:")) {
                return Integer.parseInt(line.substring("blocked_clients:".length()).trim());
            }
        }
        throw new AssertionError("INFO clients has no blocked_clients");
    }

    /** Waits up to 30 s for {@code condition}, checking every 10 ms. */
    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 3_000; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "timed out waiting until " + what);
    }
}

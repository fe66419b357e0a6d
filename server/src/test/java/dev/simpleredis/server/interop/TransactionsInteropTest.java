package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH through Jedis against the real Redis and simpleredis on
 * every engine: replies and errors as Redis gives them, WATCH broken by another client's write
 * and by expiry, and concurrent transfers that keep a sum invariant.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(120)
class TransactionsInteropTest extends JedisSuite {

    @Test
    void execRunsTheQueueAndRepliesWithEveryReply() {
        Transaction t = jedis.multi();
        Response<String> set = t.set("a", "1");
        Response<Long> incr = t.incr("a");
        Response<String> get = t.get("a");
        Response<Long> missing = t.del("nothing");
        List<Object> replies = t.exec();
        assertEquals(4, replies.size());
        assertEquals("OK", set.get());
        assertEquals(2L, incr.get());
        assertEquals("2", get.get());
        assertEquals(0L, missing.get());
    }

    @Test
    void queuedCommandsReplyQueuedAndDiscardDropsThem() {
        assertEquals("OK", raw("MULTI"));
        assertEquals("QUEUED", raw("SET", "k", "v"));
        assertEquals("OK", raw("DISCARD"));
        assertNull(jedis.get("k"));
        assertEquals("ERR DISCARD without MULTI", error("DISCARD"));
        assertEquals("ERR EXEC without MULTI", error("EXEC"));
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreErrorsThatKeepTheTransaction() {
        assertEquals("OK", raw("MULTI"));
        assertEquals("ERR MULTI calls can not be nested", error("MULTI"));
        assertEquals("ERR WATCH inside MULTI is not allowed", error("WATCH", "k"));
        assertEquals("QUEUED", raw("SET", "k", "v"));
        assertEquals(List.of("OK"), text(raw("EXEC")));
        assertEquals("v", jedis.get("k"));
    }

    @Test
    void aCommandThatCannotBeQueuedAbortsExec() {
        jedis.set("k", "before");
        assertEquals("OK", raw("MULTI"));
        assertEquals("QUEUED", raw("SET", "k", "after"));
        assertTrue(error("NOSUCHCOMMAND", "x").startsWith("ERR unknown command"));
        assertEquals("ERR wrong number of arguments for 'get' command", error("GET"));
        assertEquals("EXECABORT Transaction discarded because of previous errors.", error("EXEC"));
        assertEquals("before", jedis.get("k"));
        assertEquals("ERR EXEC without MULTI", error("EXEC"));
    }

    @Test
    void aRuntimeErrorTakesItsPlaceAndTheOtherCommandsRun() {
        jedis.set("text", "abc");
        Transaction t = jedis.multi();
        t.set("a", "1");
        t.incr("text");
        t.incr("a");
        List<Object> replies = t.exec();
        assertEquals("OK", replies.get(0));
        assertInstanceOf(JedisDataException.class, replies.get(1));
        assertEquals("ERR value is not an integer or out of range", ((JedisDataException) replies.get(1)).getMessage());
        assertEquals(2L, replies.get(2));
        assertEquals("2", jedis.get("a"));
    }

    @Test
    void anotherClientsWriteToAWatchedKeyMakesExecReturnNull() {
        jedis.set("k", "1");
        jedis.watch("k");
        try (Jedis other = connect(target)) {
            other.set("k", "2");
        }
        Transaction t = jedis.multi();
        t.set("k", "mine");
        assertNull(t.exec());
        assertEquals("2", jedis.get("k"));
    }

    @Test
    void aWatchedKeyCreatedOrDeletedByAnotherClientAbortsToo() {
        jedis.watch("absent");
        try (Jedis other = connect(target)) {
            other.set("absent", "now present");
        }
        Transaction t = jedis.multi();
        t.set("x", "1");
        assertNull(t.exec());
        assertNull(jedis.get("x"));

        jedis.set("present", "1");
        jedis.watch("present");
        try (Jedis other = connect(target)) {
            other.del("present");
        }
        t = jedis.multi();
        t.set("x", "1");
        assertNull(t.exec());
    }

    @Test
    void aWatchedKeyThatExpiresAbortsExec() throws InterruptedException {
        jedis.psetex("k", 100, "v");
        jedis.watch("k");
        Thread.sleep(300);
        Transaction t = jedis.multi();
        t.set("x", "1");
        assertNull(t.exec());
        assertNull(jedis.get("x"));
    }

    @Test
    void ownWritesBeforeMultiAndUnwatchDoNotAbort() {
        jedis.set("k", "1");
        jedis.watch("k");
        assertEquals("OK", jedis.unwatch());
        try (Jedis other = connect(target)) {
            other.set("k", "2");
        }
        Transaction t = jedis.multi();
        t.set("k", "3");
        assertEquals(List.of("OK"), t.exec());

        jedis.watch("k");
        Transaction t2 = jedis.multi();
        t2.incr("k");
        assertEquals(List.of(4L), t2.exec());
        // EXEC forgets the watched keys: a later change does not affect the next transaction.
        try (Jedis other = connect(target)) {
            other.set("k", "10");
        }
        Transaction t3 = jedis.multi();
        t3.incr("k");
        assertEquals(List.of(11L), t3.exec());
    }

    @Test
    void blockingCommandsInsideExecAnswerAtOnce() {
        Transaction t = jedis.multi();
        Response<List<String>> popped = t.blpop(0, "empty");
        t.exec();
        assertNull(popped.get());
    }

    /**
     * 8 clients move random amounts between 10 accounts with WATCH/MULTI/EXEC, retrying when
     * EXEC aborts; 2 more move amounts with plain MULTI/EXEC (DECRBY + INCRBY); a reader sums
     * every account in one MULTI/EXEC meanwhile. Every sum, during and after, is the total.
     */
    @Test
    void concurrentTransfersKeepTheSum() throws Exception {
        int accounts = 10;
        long total = accounts * 1_000L;
        for (int i = 0; i < accounts; i++) {
            jedis.set("acct:" + i, "1000");
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong aborted = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        List<Long> badSums = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 10; w++) {
                boolean optimistic = w < 8;
                writers.add(pool.submit(() -> {
                    try (Jedis j = connect(target)) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        for (int n = 0; n < 150; n++) {
                            String from = "acct:" + r.nextInt(accounts);
                            String to = "acct:" + r.nextInt(accounts);
                            long amount = r.nextInt(1, 50);
                            if (optimistic) {
                                for (int attempt = 0; attempt < 1_000; attempt++) {
                                    j.watch(from, to);
                                    long balance = Long.parseLong(j.get(from));
                                    Transaction t = j.multi();
                                    t.set(from, Long.toString(balance - amount));
                                    t.incrBy(to, from.equals(to) ? 0 : amount);
                                    if (from.equals(to)) {
                                        t.incrBy(from, amount);
                                    }
                                    if (t.exec() != null) {
                                        committed.incrementAndGet();
                                        break;
                                    }
                                    aborted.incrementAndGet();
                                }
                            } else {
                                Transaction t = j.multi();
                                t.decrBy(from, amount);
                                t.incrBy(to, amount);
                                t.exec();
                                committed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                try (Jedis j = connect(target)) {
                    for (int n = 0; n < 2_000 && !done.get(); n++) {
                        Transaction t = j.multi();
                        List<Response<String>> balances = new ArrayList<>();
                        for (int i = 0; i < accounts; i++) {
                            balances.add(t.get("acct:" + i));
                        }
                        t.exec();
                        long sum = balances.stream().mapToLong(b -> Long.parseLong(b.get())).sum();
                        if (sum != total) {
                            synchronized (badSums) {
                                badSums.add(sum);
                            }
                        }
                    }
                }
                return null;
            });
            for (Future<?> f : writers) {
                f.get(100, TimeUnit.SECONDS);
            }
            done.set(true);
            reader.get(100, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long sum = 0;
        for (int i = 0; i < accounts; i++) {
            sum += Long.parseLong(jedis.get("acct:" + i));
        }
        assertEquals(total, sum, "sum after " + committed.get() + " transfers");
        assertEquals(List.of(), badSums, "sums seen inside MULTI/EXEC while transfers ran");
        assertEquals(10 * 150, committed.get());
    }

    private Object raw(String command, String... args) {
        return JedisInteropTest.text(jedis.sendCommand(JedisInteropTest.cmd(command), args));
    }

    private static Object text(Object o) {
        return JedisInteropTest.text(o);
    }

    private String error(String command, String... args) {
        return assertThrows(JedisDataException.class, () -> raw(command, args)).getMessage();
    }
}

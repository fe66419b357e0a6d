package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SCAN's guarantee under concurrent writes: 100,000 keys (50,000 on h2) loaded (pipelined), one client SCANs
 * with COUNT 1000 while another client adds new keys and deletes a tenth of the loaded ones; every
 * key that existed for the whole scan must be returned at least once, and nothing that never
 * existed may be. The writer's work is interleaved with the scan for sure, not by timing: after
 * each SCAN page the scanner waits (bounded) until the writer has finished one more batch.
 * Runs on the real Redis too, as a check of the test itself.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScanUnderWritesTest {

    /** 100,000 keys on every target; {@code -Dinterop.scan.keys=N} sets another count. */
    static int keys(String target) {
        return Integer.getInteger("interop.scan.keys", 100_000);
    }
    /** Every DELETE_EVERY-th loaded key is deleted during the scan; the others must all be seen. */
    static final int DELETE_EVERY = 10;
    static final int BATCH = 100;

    static Target target;
    static int keyCount;

    @Parameter
    String name;

    @BeforeParameterizedClassInvocation
    static void start(String name) {
        keyCount = keys(name);
        target = Target.start(name);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    static String base(int i) {
        return "base:" + i;
    }

    @Test
    void everyKeyPresentForTheWholeScanIsReturned() throws Exception {
        target.flushAll();
        long t0 = System.nanoTime();
        try (Resp loader = new Resp(target.port())) {
            for (int from = 0; from < keyCount; from += 5000) {
                List<List<String>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(keyCount, from + 5000); i++) {
                    batch.add(List.of("SET", base(i), "v" + i));
                }
                for (Resp.Reply r : loader.pipeline(batch)) {
                    assertEquals("+OK", r.toString());
                }
            }
            assertEquals(":" + keyCount, loader.call("DBSIZE").toString());
        }

        long t1 = System.nanoTime();
        AtomicBoolean scanDone = new AtomicBoolean();
        AtomicInteger batchesDone = new AtomicInteger();
        AtomicInteger added = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        int deletable = (keyCount + DELETE_EVERY - 1) / DELETE_EVERY;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Resp w = new Resp(target.port())) {
                int nextDelete = 0;
                // bounded: at most enough batches to delete every deletable key twice over
                for (int b = 0; b < 2 * deletable / BATCH + 10 && !scanDone.get(); b++) {
                    List<List<String>> cmds = new ArrayList<>();
                    for (int j = 0; j < BATCH; j++) {
                        cmds.add(List.of("SET", "new:" + (added.get() + j), "x"));
                    }
                    int dels = 0;
                    // deletes spread over the key space: a stride walk, so the scan meets them everywhere
                    for (; dels < BATCH && nextDelete < deletable; dels++, nextDelete++) {
                        int idx = (int) ((nextDelete * 7919L) % deletable) * DELETE_EVERY;
                        cmds.add(List.of("DEL", base(idx)));
                    }
                    List<Resp.Reply> replies = w.pipeline(cmds);
                    for (int j = 0; j < replies.size(); j++) {
                        String expected = j < BATCH ? "+OK" : ":1";
                        if (!replies.get(j).toString().equals(expected)) {
                            throw new AssertionError("writer: " + cmds.get(j) + " answered " + replies.get(j));
                        }
                    }
                    added.addAndGet(BATCH);
                    deleted.addAndGet(dels);
                    batchesDone.incrementAndGet();
                }
            }
        });

        BitSet seenBase = new BitSet(keyCount);
        int pages = 0;
        int returned = 0;
        try (Resp s = new Resp(target.port())) {
            String cursor = "0";
            do {
                Resp.Reply r = s.call("SCAN", cursor, "COUNT", "1000");
                assertEquals('*', r.type(), () -> "SCAN reply " + r);
                cursor = r.children().get(0).str();
                for (Resp.Reply k : r.children().get(1).children()) {
                    String key = k.str();
                    returned++;
                    if (key.startsWith("base:")) {
                        int i = Integer.parseInt(key.substring(5));
                        assertTrue(i >= 0 && i < keyCount, key);
                        seenBase.set(i);
                    } else if (!key.startsWith("new:")) {
                        fail("SCAN returned a key that never existed: " + key);
                    }
                }
                pages++;
                // interleave for sure: the writer finishes one more batch before the next page
                int want = pages;
                for (int wait = 0; wait < 5000 && batchesDone.get() < want && !writer.isDone(); wait++) {
                    Thread.sleep(1);
                }
                if (pages > 10 * keyCount) {
                    fail("SCAN did not finish after " + pages + " pages");
                }
            } while (!cursor.equals("0"));
        } finally {
            scanDone.set(true);
        }
        writer.get(60, TimeUnit.SECONDS);
        long t2 = System.nanoTime();

        List<String> missing = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            if (i % DELETE_EVERY != 0 && !seenBase.get(i)) {
                missing.add(base(i));
            }
        }
        System.out.printf("%s: loaded %d keys in %d ms; SCAN: %d pages, %d keys returned in %d ms, while the writer "
                + "added %d keys and deleted %d in %d batches%n", name, keyCount, (t1 - t0) / 1_000_000, pages, returned,
                (t2 - t1) / 1_000_000, added.get(), deleted.get(), batchesDone.get());
        assertTrue(missing.isEmpty(), () -> name + ": " + missing.size() + " keys present for the whole scan were never "
                + "returned, e.g. " + missing.subList(0, Math.min(10, missing.size())));
        assertTrue(batchesDone.get() > 0, "the writer ran");
        try (Resp check = new Resp(target.port())) {
            assertEquals(":" + (keyCount - deleted.get() + added.get()), check.call("DBSIZE").toString(),
                    "every write and delete took effect");
        }
    }
}

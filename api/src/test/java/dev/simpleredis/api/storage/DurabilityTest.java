package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DurabilityTest {

    private final AtomicInteger syncs = new AtomicInteger();

    @Test
    void alwaysGroupsConcurrentWaitersIntoFewSyncs() throws InterruptedException {
        Durability durability = new Durability(Fsync.ALWAYS, "test", () -> {
            syncs.incrementAndGet();
            Thread.sleep(20);
        });
        int waiters = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                durability.written();
                durability.awaitDurable();
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(syncs.get() >= 1 && syncs.get() < waiters, syncs + " syncs for " + waiters + " waiters");
        durability.close();
    }

    @Test
    void alwaysSyncsOnlyWhatWasNotSyncedYet() {
        Durability durability = new Durability(Fsync.ALWAYS, "test", syncs::incrementAndGet);
        durability.awaitDurable();
        assertEquals(0, syncs.get(), "nothing written, nothing to sync");
        durability.written();
        durability.awaitDurable();
        durability.awaitDurable();
        assertEquals(1, syncs.get());
        durability.close();
        assertEquals(1, syncs.get());
    }

    @Test
    void everysecSyncsInTheBackground() throws InterruptedException {
        Durability durability = new Durability(Fsync.EVERYSEC, "test", syncs::incrementAndGet);
        durability.written();
        durability.awaitDurable();
        assertEquals(0, syncs.get(), "awaitDurable does not wait under everysec");
        waitForSyncs(1);
        durability.close();
    }

    @Test
    void noLeavesItToTheOsUnlessTheEngineSaysOtherwise() throws InterruptedException {
        Durability osDecides = new Durability(Fsync.NO, "test", syncs::incrementAndGet);
        osDecides.written();
        Thread.sleep(1500);
        assertEquals(0, syncs.get());
        osDecides.close();
        assertEquals(1, syncs.get(), "close syncs under every setting");

        syncs.set(0);
        Durability everySecond = new Durability(Fsync.NO, "test", Durability.WhenNo.EVERY_SECOND, syncs::incrementAndGet);
        everySecond.written();
        waitForSyncs(1);
        everySecond.close();
    }

    /** The background sync is stopped without an interrupt: one would close a FileChannel it is using. */
    @Test
    void closeDoesNotInterruptTheBackgroundSync() throws InterruptedException {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch syncing = new CountDownLatch(1);
        Durability durability = new Durability(Fsync.EVERYSEC, "test", () -> {
            syncing.countDown();
            Thread.sleep(300);
            interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
        });
        durability.written();
        syncing.await();
        durability.written();
        durability.close();
        assertFalse(interrupted.get());
    }

    private void waitForSyncs(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (syncs.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(syncs.get() >= atLeast, "expected a background sync within seconds");
    }
}

package dev.simpleredis.api.storage;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Fsync} policy for an engine, given the engine's one way to make its writes durable.
 *
 * <p>{@code always}: {@link #awaitDurable()} is a group commit. The first waiter runs the sync
 * for every write counted so far; waiters that arrive meanwhile wait for the next sync, which
 * then covers all of them. {@code everysec}: a background thread syncs once a second when
 * there were writes. {@code no}: as the engine's {@link WhenNo} says; {@link #close()} syncs
 * under every setting.
 *
 * <p>Engines call {@link #written()} after each write is applied and before the write call returns.
 */
public final class Durability implements AutoCloseable {

    /** Makes every write applied so far durable. */
    @FunctionalInterface
    public interface Sync {
        void sync() throws Exception;
    }

    /** What {@code fsync=no} does for an engine. */
    public enum WhenNo {
        /** Never sync: the engine's writes reach its files by themselves and the OS writes them out. */
        OS_DECIDES,
        /**
         * Sync once a second, as under {@code everysec}: for engines whose writes reach their files
         * only through the sync (a commit), so that never syncing would keep them out until close.
         */
        EVERY_SECOND
    }

    private final Fsync fsync;
    private final Sync sync;
    private final AtomicLong written = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private long durable;
    private boolean syncing;
    // Counted down, not interrupted, to stop the background sync: interrupting a thread inside
    // FileChannel I/O closes the channel, which would break the engine's store.
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread periodic;

    /** A policy under which {@code fsync=no} leaves writing out to the OS. */
    public Durability(Fsync fsync, String engineName, Sync sync) {
        this(fsync, engineName, WhenNo.OS_DECIDES, sync);
    }

    public Durability(Fsync fsync, String engineName, WhenNo whenNo, Sync sync) {
        this.fsync = fsync;
        this.sync = sync;
        boolean everySecond = fsync == Fsync.EVERYSEC || fsync == Fsync.NO && whenNo == WhenNo.EVERY_SECOND;
        periodic = everySecond
                ? Thread.ofPlatform().daemon().name(engineName + "-fsync").start(this::everySecond)
                : null;
    }

    public Fsync fsync() {
        return fsync;
    }

    /** Counts one applied write. */
    public void written() {
        written.incrementAndGet();
    }

    /** Under {@code always}, returns once every write counted before the call is durable. */
    public void awaitDurable() {
        if (fsync == Fsync.ALWAYS) {
            syncUpTo(written.get());
        }
    }

    private void syncUpTo(long target) {
        lock.lock();
        try {
            while (durable < target) {
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long upTo = written.get();
                lock.unlock();
                boolean done = false;
                try {
                    sync.sync();
                    done = true;
                } catch (Exception e) {
                    throw new StorageException("sync failed: " + e.getMessage(), e);
                } finally {
                    lock.lock();
                    if (done) {
                        durable = Math.max(durable, upTo);
                    }
                    syncing = false;
                    synced.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void everySecond() {
        try {
            while (!closing.await(1, TimeUnit.SECONDS)) {
                try {
                    syncUpTo(written.get());
                } catch (RuntimeException e) {
                    System.getLogger(Durability.class.getName())
                            .log(System.Logger.Level.ERROR, "background fsync failed", e);
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; if someone does, stop syncing in the background
        }
    }

    /** Stops the background sync and syncs what is left. */
    @Override
    public void close() {
        closing.countDown();
        if (periodic != null) {
            boolean interrupted = false;
            while (periodic.isAlive()) {
                try {
                    periodic.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        syncUpTo(written.get());
    }
}

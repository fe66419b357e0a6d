package dev.simpleredis.api.storage;

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
 * there were writes. {@code no}: the policy never syncs; {@link #close()} still does.
 *
 * <p>Engines call {@link #written()} after each write is applied and before the write call returns.
 */
public final class Durability implements AutoCloseable {

    /** Makes every write applied so far durable. */
    @FunctionalInterface
    public interface Sync {
        void sync() throws Exception;
    }

    private final Fsync fsync;
    private final Sync sync;
    private final AtomicLong written = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private long durable;
    private boolean syncing;
    private volatile boolean closed;
    private final Thread periodic;

    public Durability(Fsync fsync, String engineName, Sync sync) {
        this.fsync = fsync;
        this.sync = sync;
        if (fsync == Fsync.EVERYSEC) {
            periodic = Thread.ofPlatform().daemon().name(engineName + "-fsync").start(this::everySecond);
        } else {
            periodic = null;
        }
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
        while (!closed) {
            try {
                TimeUnit.SECONDS.sleep(1);
                syncUpTo(written.get());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    System.getLogger(Durability.class.getName())
                            .log(System.Logger.Level.ERROR, "background fsync failed", e);
                }
            }
        }
    }

    /** Stops the background sync and syncs what is left. */
    @Override
    public void close() {
        closed = true;
        if (periodic != null) {
            periodic.interrupt();
            try {
                periodic.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        syncUpTo(written.get());
    }
}

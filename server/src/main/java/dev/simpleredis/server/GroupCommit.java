package dev.simpleredis.server;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under {@code fsync=always}, syncs on a thread of its own, so that the {@link EventLoop} runs
 * the next requests while the disk works instead of waiting for it. The loop numbers its turns
 * that wrote and {@link #request requests} a sync after each; when a sync covering turn {@code n}
 * is done, {@code done} gets {@code n} (or a negative number when the sync failed) and the loop
 * writes the replies that waited for it. Each sync covers every turn requested before it
 * started, so a busy loop gets one sync per disk round trip, not one per turn.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Runnable sync;
    private final LongConsumer done;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition requested = lock.newCondition();
    private final Thread thread;
    private long wanted;
    private long synced;
    private boolean closed;

    /**
     * @param sync makes every write applied so far durable
     * @param done told, on the syncing thread, the turn now durable, or minus it when the sync failed
     */
    GroupCommit(Runnable sync, LongConsumer done) {
        this.sync = sync;
        this.done = done;
        this.thread = Thread.ofPlatform().daemon().name("simpleredis-sync").start(this::run);
    }

    /** Turn {@code turn} wrote, after every write of it was applied: sync it. */
    void request(long turn) {
        lock.lock();
        try {
            wanted = Math.max(wanted, turn);
            requested.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            long target;
            lock.lock();
            try {
                while (wanted <= synced && !closed) {
                    requested.awaitUninterruptibly();
                }
                if (wanted <= synced) {
                    return;
                }
                target = wanted;
            } finally {
                lock.unlock();
            }
            boolean ok = false;
            try {
                sync.run();
                ok = true;
            } catch (RuntimeException e) {
                log.error("writes could not be made durable: {}", e.toString());
            }
            lock.lock();
            try {
                synced = target;
            } finally {
                lock.unlock();
            }
            done.accept(ok ? target : -target);
        }
    }

    /** Finishes the syncs requested so far, then stops the thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            requested.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

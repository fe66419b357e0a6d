package dev.simpleredis.server;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import dev.simpleredis.storage.memory.MemoryStorageProvider;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Storage engine {@code gated-sync} for tests: the memory engine without a log, whose durability
 * waits block until the test {@link #release releases} them, and which counts its writes and
 * syncs. One store at a time.
 */
public final class GatedSyncProvider implements StorageProvider {

    static final Semaphore SYNCS = new Semaphore(0);
    static final AtomicInteger WRITES = new AtomicInteger();
    static final AtomicInteger WAITING = new AtomicInteger();
    /** The thread of the latest durability wait. */
    static volatile String syncThread;

    /** Lets {@code n} durability waits finish. */
    static void release(int n) {
        SYNCS.release(n);
    }

    static void reset() {
        SYNCS.drainPermits();
        WRITES.set(0);
        WAITING.set(0);
        syncThread = null;
    }

    @Override
    public String name() {
        return "gated-sync";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
        StorageEngine memory = new MemoryStorageProvider().open(
                new StorageConfig(config.dir(), config.fsync(), Map.of("simpleredis.aof", "false")));
        return new ForwardingEngine(memory) {
            @Override
            public void write(WriteBatch batch) {
                engine.write(batch);
                WRITES.incrementAndGet();
            }

            @Override
            public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
                StoredValue value = engine.compute(key, update);
                WRITES.incrementAndGet();
                return value;
            }

            @Override
            public void awaitDurable() {
                syncThread = Thread.currentThread().getName();
                WAITING.incrementAndGet();
                try {
                    if (!SYNCS.tryAcquire(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test never released the sync");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    WAITING.decrementAndGet();
                }
            }

            @Override
            public void close() {
                SYNCS.release(1_000);
                engine.close();
            }
        };
    }
}

package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * A skip list in RAM. Single-key operations go straight to the concurrent map; batches take
 * the write side of a read-write lock so that readers see a batch whole.
 */
final class MemoryStorageEngine implements StorageEngine {

    private final ConcurrentSkipListMap<byte[], StoredValue> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private final ReadWriteLock batchLock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    @Override
    public StoredValue get(byte[] key) {
        checkOpen();
        batchLock.readLock().lock();
        try {
            return map.get(key);
        } finally {
            batchLock.readLock().unlock();
        }
    }

    @Override
    public void write(WriteBatch batch) {
        checkOpen();
        batchLock.writeLock().lock();
        try {
            for (WriteBatch.Op op : batch.ops()) {
                switch (op) {
                    case WriteBatch.Put put -> map.put(put.key(), put.value());
                    case WriteBatch.Delete delete -> map.remove(delete.key());
                }
            }
        } finally {
            batchLock.writeLock().unlock();
        }
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        checkOpen();
        batchLock.readLock().lock();
        try {
            return map.compute(key, (k, current) -> update.apply(current));
        } finally {
            batchLock.readLock().unlock();
        }
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        ConcurrentNavigableMap<byte[], StoredValue> range = map;
        if (from != null) {
            range = range.tailMap(from, true);
        }
        if (to != null) {
            range = range.headMap(to, false);
        }
        for (Map.Entry<byte[], StoredValue> e : range.entrySet()) {
            if (!visitor.visit(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    @Override
    public long count(byte[] from, byte[] to) {
        checkOpen();
        if (from == null && to == null) {
            return map.size();
        }
        return StorageEngine.super.count(from, to);
    }

    @Override
    public void awaitDurable() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("memory engine is closed");
        }
    }
}

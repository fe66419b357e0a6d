package dev.simpleredis.storage.memory;

import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * A skip list in RAM, optionally made durable by an {@link AppendOnlyLog}.
 *
 * <p>Writes take the write side of a read-write lock, so a batch is seen whole and each write
 * is applied and logged in one step (the log's order is the order of application); reads take
 * the read side. Scans run without the lock over the concurrent map, weakly consistent.
 */
final class MemoryStorageEngine implements StorageEngine {

    private final ConcurrentSkipListMap<byte[], StoredValue> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Null when the log is off. */
    private final AppendOnlyLog log;
    /** Encodes one log record at a time, under the write lock. */
    private final Output record = new Output(256);
    private volatile boolean closed;

    /** An engine without a log. */
    MemoryStorageEngine() {
        this.log = null;
    }

    /** An engine whose data is replayed from, and logged to, an append-only log. */
    MemoryStorageEngine(Path dir, Fsync fsync, LogSettings settings) {
        this.log = AppendOnlyLog.open(dir, fsync, settings, map, lock.writeLock());
    }

    @Override
    public StoredValue get(byte[] key) {
        checkOpen();
        lock.readLock().lock();
        try {
            return map.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        checkOpen();
        List<StoredValue> values = new ArrayList<>(keys.size());
        lock.readLock().lock();
        try {
            for (byte[] key : keys) {
                values.add(map.get(key));
            }
        } finally {
            lock.readLock().unlock();
        }
        return values;
    }

    @Override
    public void write(WriteBatch batch) {
        checkOpen();
        lock.writeLock().lock();
        try {
            long liveDelta = 0;
            for (WriteBatch.Op op : batch.ops()) {
                liveDelta += switch (op) {
                    case WriteBatch.Put put -> AppendOnlyLog.size(put.key(), put.value())
                            - AppendOnlyLog.size(put.key(), map.put(put.key(), put.value()));
                    case WriteBatch.Delete delete -> -AppendOnlyLog.size(delete.key(), map.remove(delete.key()));
                };
            }
            if (log != null) {
                record.reset();
                if (batch.size() == 1) {
                    switch (batch.ops().getFirst()) {
                        case WriteBatch.Put put -> LogFrames.set(record, put.key(), put.value());
                        case WriteBatch.Delete delete -> LogFrames.delete(record, delete.key());
                    }
                } else {
                    LogFrames.batch(record, batch);
                }
                log.append(record, liveDelta);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        checkOpen();
        lock.writeLock().lock();
        try {
            StoredValue previous = map.get(key);
            StoredValue next = update.apply(previous);
            if (next == previous) {
                return next;
            }
            if (next == null) {
                map.remove(key);
            } else {
                map.put(key, next);
            }
            if (log != null) {
                record.reset();
                if (next == null) {
                    LogFrames.delete(record, key);
                } else {
                    LogFrames.set(record, key, next);
                }
                log.append(record, AppendOnlyLog.size(key, next) - AppendOnlyLog.size(key, previous));
            }
            return next;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long deleteRange(byte[] from, byte[] to) {
        checkOpen();
        lock.writeLock().lock();
        try {
            NavigableMap<byte[], StoredValue> range = range(from, to);
            long removed = 0;
            long liveDelta = 0;
            for (Map.Entry<byte[], StoredValue> e : range.entrySet()) {
                removed++;
                liveDelta -= AppendOnlyLog.size(e.getKey(), e.getValue());
            }
            range.clear();
            if (log != null && removed > 0) {
                record.reset();
                LogFrames.deleteRange(record, from, to);
                log.append(record, liveDelta);
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        for (Map.Entry<byte[], StoredValue> e : range(from, to).entrySet()) {
            if (!visitor.visit(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    private ConcurrentNavigableMap<byte[], StoredValue> range(byte[] from, byte[] to) {
        if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
            return map.headMap(to, false).tailMap(to, true); // empty: the sub-map views reject from > to
        }
        ConcurrentNavigableMap<byte[], StoredValue> range = map;
        if (from != null) {
            range = range.tailMap(from, true);
        }
        if (to != null) {
            range = range.headMap(to, false);
        }
        return range;
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
        if (log != null) {
            log.awaitDurable();
        }
    }

    @Override
    public boolean compact() {
        checkOpen();
        return log != null && log.startRewrite();
    }

    /** The log, for tests in this package; null when off. */
    AppendOnlyLog appendOnlyLog() {
        return log;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        if (log != null) {
            log.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("memory engine is closed");
        }
    }
}

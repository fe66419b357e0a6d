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
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * Data in RAM, optionally made durable by an {@link AppendOnlyLog}.
 *
 * <p>Each key's value lives in a {@link Slot} reached two ways: a hash map for reads and
 * overwrites, and a skip list in key order for scans. Walking an ordered index costs a cache
 * miss per level, so only inserts and deletes touch the skip list; an overwrite, the common
 * write, replaces the slot's value in place.
 *
 * <p>Writes take the write side of a read-write lock, so a batch is seen whole and each write
 * is applied and logged in one step (the log's order is the order of application); point reads
 * take the read side. Scans, in either direction, walk the skip list without the lock, weakly
 * consistent.
 */
final class MemoryStorageEngine implements StorageEngine {

    /** Where a key's value is; null once the key is deleted. */
    private static final class Slot {
        volatile StoredValue value;

        Slot(StoredValue value) {
            this.value = value;
        }
    }

    /** A key as a hash map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private final ConcurrentHashMap<Key, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<byte[], Slot> ordered = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
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
        TreeMap<byte[], StoredValue> replayed = new TreeMap<>(Arrays::compareUnsigned);
        this.log = AppendOnlyLog.open(dir, fsync, settings, replayed, new AppendOnlyLog.Contents() {
            @Override
            public Iterable<Map.Entry<byte[], StoredValue>> entries() {
                return () -> ordered.entrySet().stream()
                        .map(e -> {
                            StoredValue v = e.getValue().value;
                            return v == null ? null : Map.entry(e.getKey(), v);
                        })
                        .filter(Objects::nonNull)
                        .iterator();
            }

            @Override
            public long size() {
                return slots.size();
            }
        }, lock.writeLock());
        replayed.forEach(this::store);
    }

    @Override
    public StoredValue get(byte[] key) {
        checkOpen();
        lock.readLock().lock();
        try {
            return valueOf(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    private StoredValue valueOf(byte[] key) {
        Slot slot = slots.get(new Key(key));
        return slot == null ? null : slot.value;
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        checkOpen();
        List<StoredValue> values = new ArrayList<>(keys.size());
        lock.readLock().lock();
        try {
            for (byte[] key : keys) {
                values.add(valueOf(key));
            }
        } finally {
            lock.readLock().unlock();
        }
        return values;
    }

    /** Stores {@code value} under {@code key}; returns the previous value. Under the write lock. */
    private StoredValue store(byte[] key, StoredValue value) {
        Key k = new Key(key);
        Slot slot = slots.get(k);
        if (slot != null) {
            StoredValue previous = slot.value;
            slot.value = value;
            return previous;
        }
        slot = new Slot(value);
        slots.put(k, slot);
        ordered.put(key, slot);
        return null;
    }

    /** Removes {@code key}; returns its value. Under the write lock. */
    private StoredValue remove(byte[] key) {
        Slot slot = slots.remove(new Key(key));
        if (slot == null) {
            return null;
        }
        ordered.remove(key);
        StoredValue previous = slot.value;
        slot.value = null;
        return previous;
    }

    @Override
    public void write(WriteBatch batch) {
        checkOpen();
        lock.writeLock().lock();
        try {
            long liveDelta = 0;
            for (WriteBatch.Op op : batch.ops()) {
                liveDelta += switch (op) {
                    case WriteBatch.Put put -> logSizeChange(put.key(), put.value(), store(put.key(), put.value()));
                    case WriteBatch.Delete delete -> logSizeChange(delete.key(), null, remove(delete.key()));
                    case WriteBatch.DeleteRange range -> -removeRange(range.from(), range.to()).logSize();
                };
            }
            if (log != null) {
                record.reset();
                LogFrames.batch(record, batch);
                log.append(record, liveDelta);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * How much a write changes the live data as the log counts it; 0 without a log, where reading
     * the replaced value's length would cost a cache miss for nothing.
     */
    private long logSizeChange(byte[] key, StoredValue next, StoredValue previous) {
        return log == null ? 0 : AppendOnlyLog.size(key, next) - AppendOnlyLog.size(key, previous);
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        checkOpen();
        lock.writeLock().lock();
        try {
            StoredValue previous = valueOf(key);
            StoredValue next = update.apply(previous);
            if (next == previous) {
                return next;
            }
            if (next == null) {
                remove(key);
            } else {
                store(key, next);
            }
            if (log != null) {
                record.reset();
                if (next == null) {
                    LogFrames.delete(record, key);
                } else {
                    LogFrames.set(record, key, next);
                }
                log.append(record, logSizeChange(key, next, previous));
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
            Removed removed = removeRange(from, to);
            if (log != null && removed.keys() > 0) {
                record.reset();
                LogFrames.deleteRange(record, from, to);
                log.append(record, -removed.logSize());
            }
            return removed.keys();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** What {@link #removeRange} took away: how many keys, and their size as the log counts it. */
    private record Removed(long keys, long logSize) {
    }

    /** Removes every key with {@code from <= key < to} ({@code null} = unbounded). Under the write lock. */
    private Removed removeRange(byte[] from, byte[] to) {
        long keys = 0;
        long logSize = 0;
        for (byte[] key : new ArrayList<>(range(from, to).keySet())) {
            keys++;
            logSize += AppendOnlyLog.size(key, remove(key));
        }
        return new Removed(keys, logSize);
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        visit(range(from, to), visitor);
    }

    /**
     * The skip list has no back links, so each step down is a search: the cost grows with what
     * the visitor takes (times log n), not with the range.
     */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        visit(range(from, to).descendingMap(), visitor);
    }

    /** Visits the live entries of {@code range} in its order; a slot emptied meanwhile is a key deleted during the scan. */
    private static void visit(Map<byte[], Slot> range, Visitor visitor) {
        for (Map.Entry<byte[], Slot> e : range.entrySet()) {
            StoredValue value = e.getValue().value;
            if (value != null && !visitor.visit(e.getKey(), value)) {
                return;
            }
        }
    }

    private ConcurrentNavigableMap<byte[], Slot> range(byte[] from, byte[] to) {
        if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
            return ordered.headMap(to, false).tailMap(to, true); // empty: the sub-map views reject from > to
        }
        ConcurrentNavigableMap<byte[], Slot> range = ordered;
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
            return slots.size();
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

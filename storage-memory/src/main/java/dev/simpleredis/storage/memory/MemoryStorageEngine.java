package dev.simpleredis.storage.memory;

import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.PagedScan;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * Data in RAM, optionally made durable by an {@link AppendOnlyLog}.
 *
 * <p>Keys and values live in a {@link KeyTable}, a hash table in parallel arrays, for reads
 * and overwrites; a {@link KeyTree} holds the same key arrays in order for scans. Neither has an
 * object per key, which is what a key's footprint is mostly made of in the JDK's maps. Walking
 * the ordered index costs a cache miss per level, so only inserts and deletes touch it; an
 * overwrite, the common write, touches the hash table alone, and one of the same length writes
 * into the stored value's array instead of replacing it.
 *
 * <p>Neither structure is thread-safe: writes take the write side of a read-write lock, so a
 * batch is seen whole and each write is applied and logged in one step (the log's order is the
 * order of application); point reads take the read side. Scans, in either direction, read
 * {@link PagedScan pages} under the read side and visit with nothing held, so a long scan (the
 * log rewrite's snapshot among them) holds up writers for one page at a time.
 */
final class MemoryStorageEngine implements StorageEngine {

    /** The most entries a scan reads under the lock at once. */
    private static final int PAGE_ENTRIES = 256;

    private final KeyTable table = new KeyTable();
    private final KeyTree tree = new KeyTree();
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
                return PagedEntries::new;
            }

            @Override
            public long size() {
                return MemoryStorageEngine.this.size();
            }
        }, lock.writeLock());
        // Drained while stored: the table copies each value, and the copies should not come on
        // top of everything replayed.
        for (Map.Entry<byte[], StoredValue> e; (e = replayed.pollFirstEntry()) != null; ) {
            store(e.getKey(), e.getValue());
        }
    }

    @Override
    public StoredValue get(byte[] key) {
        checkOpen();
        lock.readLock().lock();
        try {
            return table.get(key);
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
                values.add(table.get(key));
            }
        } finally {
            lock.readLock().unlock();
        }
        return values;
    }

    /**
     * Stores {@code value} under {@code key}; returns the previous value's length, or -1 if the
     * key is new. Under the write lock.
     */
    private int store(byte[] key, StoredValue value) {
        int previous = table.put(key, value);
        if (previous < 0) {
            tree.add(key);
        }
        return previous;
    }

    /** Removes {@code key}; returns its value. Under the write lock. */
    private StoredValue remove(byte[] key) {
        StoredValue previous = table.remove(key);
        if (previous != null) {
            tree.remove(key);
        }
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
                    case WriteBatch.Delete delete -> logSizeChange(delete.key(), null, lengthOf(remove(delete.key())));
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
     * How much a write changes the live data as the log counts it: {@code next} replaces a value
     * of {@code previousLength} bytes (-1: none). 0 without a log.
     */
    private long logSizeChange(byte[] key, StoredValue next, int previousLength) {
        return log == null ? 0 : AppendOnlyLog.size(key, next) - AppendOnlyLog.size(key, previousLength);
    }

    /**
     * A value's length, or -1 for none; read only with a log, which counts it: without one, reading
     * a removed value's length would cost a cache miss for nothing.
     */
    private int lengthOf(StoredValue value) {
        return log == null || value == null ? -1 : value.value().length;
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        checkOpen();
        lock.writeLock().lock();
        try {
            StoredValue previous = table.get(key);
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
                log.append(record, logSizeChange(key, next, lengthOf(previous)));
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
        List<Map.Entry<byte[], StoredValue>> entries = page(from, true, to, false, Integer.MAX_VALUE).entries();
        long logSize = 0;
        for (Map.Entry<byte[], StoredValue> e : entries) {
            logSize += AppendOnlyLog.size(e.getKey(), remove(e.getKey()));
        }
        return new Removed(entries.size(), logSize);
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        PagedScan.scan(from, to, false, PAGE_ENTRIES, this::page, visitor);
    }

    /** Each page walks the tree's leaves backwards from the page's end, found from the root. */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        PagedScan.scan(from, to, true, PAGE_ENTRIES, this::page, visitor);
    }

    /**
     * Reads one page of a scan under the read lock (which the write lock's holder may take too):
     * see {@link PagedScan.TwoWayReader#read}.
     */
    private PagedScan.Page page(byte[] from, boolean fromInclusive, byte[] to, boolean descending, int limit) {
        List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>(Math.min(limit, PAGE_ENTRIES));
        lock.readLock().lock();
        try {
            Iterator<byte[]> keys = descending ? tree.descending(to, false) : tree.ascending(from, fromInclusive);
            while (keys.hasNext()) {
                byte[] key = keys.next();
                boolean inRange = descending
                        ? from == null || Arrays.compareUnsigned(key, from) >= (fromInclusive ? 0 : 1)
                        : to == null || Arrays.compareUnsigned(key, to) < 0;
                if (!inRange) {
                    break;
                }
                if (entries.size() == limit) {
                    return new PagedScan.Page(entries, false);
                }
                entries.add(Map.entry(key, table.get(key)));
            }
            return new PagedScan.Page(entries, true);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every entry in key order, for the log's rewrite: read a page at a time like a scan. */
    private final class PagedEntries implements Iterator<Map.Entry<byte[], StoredValue>> {
        private PagedScan.Page page = new PagedScan.Page(List.of(), false);
        private int next;

        @Override
        public boolean hasNext() {
            while (next == page.entries().size()) {
                if (page.last()) {
                    return false;
                }
                byte[] after = page.entries().isEmpty() ? null : page.entries().getLast().getKey();
                page = page(after, after == null, null, false, PAGE_ENTRIES);
                next = 0;
            }
            return true;
        }

        @Override
        public Map.Entry<byte[], StoredValue> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.entries().get(next++);
        }
    }

    @Override
    public long count(byte[] from, byte[] to) {
        checkOpen();
        return from == null && to == null ? size() : StorageEngine.super.count(from, to);
    }

    private long size() {
        lock.readLock().lock();
        try {
            return table.size();
        } finally {
            lock.readLock().unlock();
        }
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

package dev.simpleredis.server;

import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The writes of one command (or of one MULTI/EXEC, one script) held back and handed to the engine
 * as one atomic batch by {@link #commit()}, or dropped by {@link #discard()}. Reads through the
 * buffer see its own writes. So a command made of many writes (LPUSH of ten elements, a script)
 * is all-or-nothing on disk, and one that fails half-way changes nothing.
 *
 * <p>Used by one thread at a time, under the server's command lock.
 */
final class WriteBuffer implements StorageEngine {

    /** Marks a deleted key in {@link #pending}; compared by identity. */
    private static final StoredValue DELETED = new StoredValue(new byte[0], StoredValue.NO_EXPIRY);

    private final StorageEngine base;
    private final TreeMap<byte[], StoredValue> pending = new TreeMap<>(Arrays::compareUnsigned);
    /** Range deletes, in order; each has dropped the pending writes it covers. */
    private final List<byte[][]> ranges = new ArrayList<>();

    WriteBuffer(StorageEngine base) {
        this.base = base;
    }

    StorageEngine base() {
        return base;
    }

    boolean isEmpty() {
        return pending.isEmpty() && ranges.isEmpty();
    }

    /**
     * Writes everything buffered to the engine in one batch: range deletes first, then the keys
     * written after them, which is what applying them in order would leave.
     *
     * @return the batch written (empty when nothing was buffered)
     */
    WriteBatch commit() {
        WriteBatch batch = new WriteBatch();
        if (isEmpty()) {
            return batch;
        }
        for (byte[][] range : ranges) {
            batch.deleteRange(range[0], range[1]);
        }
        for (Map.Entry<byte[], StoredValue> e : pending.entrySet()) {
            if (e.getValue() == DELETED) {
                batch.delete(e.getKey());
            } else {
                batch.put(e.getKey(), e.getValue());
            }
        }
        try {
            base.write(batch);
        } finally {
            discard();
        }
        return batch;
    }

    void discard() {
        pending.clear();
        ranges.clear();
    }

    @Override
    public StoredValue get(byte[] key) {
        if (isEmpty()) {
            return base.get(key);
        }
        StoredValue value = pending.get(key);
        if (value != null) {
            return value == DELETED ? null : value;
        }
        return inDeletedRange(key) ? null : base.get(key);
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        if (isEmpty()) {
            return base.getAll(keys);
        }
        List<StoredValue> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(get(key));
        }
        return values;
    }

    @Override
    public void write(WriteBatch batch) {
        for (WriteBatch.Op op : batch.ops()) {
            switch (op) {
                case WriteBatch.Put put -> pending.put(put.key(), put.value());
                case WriteBatch.Delete delete -> pending.put(delete.key(), DELETED);
                case WriteBatch.DeleteRange range -> deleteRange(range.from(), range.to());
            }
        }
    }

    @Override
    public void put(byte[] key, StoredValue value) {
        pending.put(key, value);
    }

    @Override
    public boolean delete(byte[] key) {
        boolean existed = get(key) != null;
        pending.put(key, DELETED);
        return existed;
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        StoredValue next = update.apply(get(key));
        pending.put(key, next == null ? DELETED : next);
        return next;
    }

    /** Buffers the delete; returns 0, as counting would mean scanning the range. */
    @Override
    public long deleteRange(byte[] from, byte[] to) {
        pending.subMap(from, true, to, false).clear();
        ranges.add(new byte[][] {from, to});
        return 0;
    }

    /**
     * The engine's count corrected by the buffered writes in the range, each looked up in the
     * engine; with a range delete buffered, a count by scanning.
     */
    @Override
    public long count(byte[] from, byte[] to) {
        if (isEmpty()) {
            return base.count(from, to);
        }
        if (!ranges.isEmpty()) {
            return StorageEngine.super.count(from, to);
        }
        NavigableMap<byte[], StoredValue> mine = range(from, to);
        List<StoredValue> stored = base.getAll(new ArrayList<>(mine.keySet()));
        long count = base.count(from, to);
        int i = 0;
        for (StoredValue value : mine.values()) {
            count += (value == DELETED ? 0 : 1) - (stored.get(i++) == null ? 0 : 1);
        }
        return count;
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        if (isEmpty()) {
            base.scan(from, to, visitor);
            return;
        }
        Merge merge = new Merge(range(from, to).entrySet().iterator(), visitor, 1);
        base.scan(from, to, merge::visitBase);
        merge.finish();
    }

    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        if (isEmpty()) {
            base.scanDescending(from, to, visitor);
            return;
        }
        Merge merge = new Merge(range(from, to).descendingMap().entrySet().iterator(), visitor, -1);
        base.scanDescending(from, to, merge::visitBase);
        merge.finish();
    }

    private NavigableMap<byte[], StoredValue> range(byte[] from, byte[] to) {
        return from == null
                ? (to == null ? pending : pending.headMap(to, false))
                : (to == null ? pending.tailMap(from, true) : pending.subMap(from, true, to, false));
    }

    /**
     * Merges the engine's scan with the buffered writes in the same range, in the scan's order
     * ({@code direction} 1 ascending, -1 descending).
     */
    private final class Merge {
        private final Iterator<Map.Entry<byte[], StoredValue>> mine;
        private final Visitor visitor;
        private final int direction;
        private Map.Entry<byte[], StoredValue> next;
        private boolean stopped;

        Merge(Iterator<Map.Entry<byte[], StoredValue>> mine, Visitor visitor, int direction) {
            this.mine = mine;
            this.visitor = visitor;
            this.direction = direction;
            advance();
        }

        boolean visitBase(byte[] key, StoredValue value) {
            while (next != null && direction * Arrays.compareUnsigned(next.getKey(), key) < 0) {
                if (!visitMine()) {
                    return false;
                }
            }
            if (next != null && Arrays.equals(next.getKey(), key)) {
                return visitMine();
            }
            if (inDeletedRange(key)) {
                return true;
            }
            stopped = !visitor.visit(key, value);
            return !stopped;
        }

        void finish() {
            while (!stopped && next != null) {
                visitMine();
            }
        }

        private boolean visitMine() {
            Map.Entry<byte[], StoredValue> own = next;
            advance();
            stopped = own.getValue() != DELETED && !visitor.visit(own.getKey(), own.getValue());
            return !stopped;
        }

        private void advance() {
            next = mine.hasNext() ? mine.next() : null;
        }
    }

    private boolean inDeletedRange(byte[] key) {
        for (byte[][] range : ranges) {
            if (Arrays.compareUnsigned(key, range[0]) >= 0 && Arrays.compareUnsigned(key, range[1]) < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void awaitDurable() {
        base.awaitDurable();
    }

    /** The engine belongs to the server, which closes it. */
    @Override
    public void close() {
        discard();
    }
}

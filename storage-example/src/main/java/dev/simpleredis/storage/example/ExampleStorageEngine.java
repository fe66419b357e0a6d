package dev.simpleredis.storage.example;

import dev.simpleredis.api.storage.PagedScan;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A {@link TreeMap} ordered as unsigned bytes, every call holding the object's lock: so each
 * call is atomic, which is all the contract asks. Scans, in either direction, read
 * {@link PagedScan pages} under the lock and visit with it released, so that a long scan does
 * not hold up writers.
 */
final class ExampleStorageEngine implements StorageEngine {

    private final NavigableMap<byte[], StoredValue> map = new TreeMap<>(Arrays::compareUnsigned);
    private boolean closed;

    @Override
    public synchronized StoredValue get(byte[] key) {
        checkOpen();
        return map.get(key);
    }

    @Override
    public synchronized List<StoredValue> getAll(List<byte[]> keys) {
        checkOpen();
        List<StoredValue> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(map.get(key));
        }
        return values;
    }

    @Override
    public synchronized void write(WriteBatch batch) {
        checkOpen();
        for (WriteBatch.Op op : batch.ops()) {
            switch (op) {
                case WriteBatch.Put put -> map.put(put.key(), put.value());
                case WriteBatch.Delete delete -> map.remove(delete.key());
                case WriteBatch.DeleteRange range when range.isEmpty() -> {
                    // subMap refuses from > to; an empty range deletes nothing anyway
                }
                case WriteBatch.DeleteRange range -> map.subMap(range.from(), true, range.to(), false).clear();
            }
        }
    }

    @Override
    public synchronized StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        checkOpen();
        StoredValue next = update.apply(map.get(key));
        if (next == null) {
            map.remove(key);
        } else {
            map.put(key, next);
        }
        return next;
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, false, 256, this::page, visitor);
    }

    /** Replaces the default, which would read the whole range to find its end. */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, true, 256, this::page, visitor);
    }

    private synchronized PagedScan.Page page(byte[] start, boolean startInclusive, byte[] to, boolean descending, int limit) {
        checkOpen();
        NavigableMap<byte[], StoredValue> range = start == null ? map : map.tailMap(start, startInclusive);
        if (to != null) {
            range = range.headMap(to, false);
        }
        List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>();
        for (Map.Entry<byte[], StoredValue> e : (descending ? range.descendingMap() : range).entrySet()) {
            if (entries.size() == limit) {
                return new PagedScan.Page(entries, false);
            }
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        return new PagedScan.Page(entries, true);
    }

    /** Nothing to sync: the data lives in memory only. */
    @Override
    public synchronized void awaitDurable() {
        checkOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
        map.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the example engine is closed");
        }
    }
}

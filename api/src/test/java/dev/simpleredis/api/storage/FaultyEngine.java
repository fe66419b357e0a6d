package dev.simpleredis.api.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An in-memory engine that is correct until given a {@link Fault}: each fault is a mistake an
 * engine could plausibly make, so that {@link StorageEngineContractTest} can show which contract
 * tests catch it.
 */
final class FaultyEngine implements StorageEngine {

    enum Fault {
        NONE,
        /** compute reads, then writes later, without holding anything in between. */
        RACY_COMPUTE,
        /** Keys compared as signed bytes, so 0x80..0xFF sort before 0x00. */
        SIGNED_ORDER,
        /** A batch's operations become visible one at a time. */
        TORN_BATCH,
        /** A batch is applied in parts, a new one starting at each range delete. */
        BATCH_SPLIT_AT_RANGES,
        /** A batch's range deletes are applied after its other operations, so they delete later puts. */
        RANGES_LAST,
        /** scan includes its upper bound. */
        INCLUSIVE_SCAN_END,
        /** scanDescending includes its upper bound, where it starts. */
        INCLUSIVE_DESCENDING_SCAN_END,
        /** scanDescending orders keys as signed bytes, so 0x80..0xFF come after 0x00. */
        SIGNED_DESCENDING_ORDER,
        /** scanDescending goes on after the visitor says stop. */
        DESCENDING_SCAN_IGNORES_STOP,
        /**
         * scanDescending reads pages by position (SQL's {@code OFFSET}) instead of by key, so a
         * write between pages shifts what the next page holds.
         */
        DESCENDING_PAGES_BY_OFFSET,
        /** Nothing refuses work after close. */
        USABLE_AFTER_CLOSE
    }

    private final Fault fault;
    private final NavigableMap<byte[], StoredValue> map;
    private boolean closed;

    FaultyEngine(Fault fault) {
        this.fault = fault;
        Comparator<byte[]> order = fault == Fault.SIGNED_ORDER ? Arrays::compare : Arrays::compareUnsigned;
        this.map = new TreeMap<>(order);
    }

    @Override
    public synchronized StoredValue get(byte[] key) {
        checkOpen();
        return map.get(key);
    }

    @Override
    public synchronized List<StoredValue> getAll(List<byte[]> keys) {
        checkOpen();
        return keys.stream().map(map::get).toList();
    }

    @Override
    public void write(WriteBatch batch) {
        List<WriteBatch.Op> ops = batch.ops();
        switch (fault) {
            case TORN_BATCH -> {
                for (WriteBatch.Op op : ops) {
                    apply(List.of(op));
                    Thread.yield();
                }
            }
            case BATCH_SPLIT_AT_RANGES -> {
                int start = 0;
                for (int i = 0; i < ops.size(); i++) {
                    if (ops.get(i) instanceof WriteBatch.DeleteRange) {
                        apply(ops.subList(start, i));
                        Thread.yield();
                        start = i;
                    }
                }
                apply(ops.subList(start, ops.size()));
            }
            case RANGES_LAST -> {
                List<WriteBatch.Op> reordered = new ArrayList<>(ops);
                reordered.sort(Comparator.comparing(op -> op instanceof WriteBatch.DeleteRange));
                apply(reordered);
            }
            default -> apply(ops);
        }
    }

    private synchronized void apply(List<WriteBatch.Op> ops) {
        checkOpen();
        for (WriteBatch.Op op : ops) {
            switch (op) {
                case WriteBatch.Put put -> map.put(put.key(), put.value());
                case WriteBatch.Delete delete -> map.remove(delete.key());
                case WriteBatch.DeleteRange range -> {
                    if (map.comparator().compare(range.from(), range.to()) < 0) {
                        map.subMap(range.from(), true, range.to(), false).clear();
                    }
                }
            }
        }
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        if (fault == Fault.RACY_COMPUTE) {
            StoredValue next = update.apply(get(key));
            Thread.yield();
            write(next == null ? new WriteBatch().delete(key) : new WriteBatch().put(key, next));
            return next;
        }
        synchronized (this) {
            checkOpen();
            StoredValue next = update.apply(map.get(key));
            if (next == null) {
                map.remove(key);
            } else {
                map.put(key, next);
            }
            return next;
        }
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        visit(entries(from, to, false), visitor);
    }

    /** Without a fault of its own, the SPI's default, so that the kit checks that too. */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        switch (fault) {
            case INCLUSIVE_DESCENDING_SCAN_END, SIGNED_DESCENDING_ORDER -> visit(entries(from, to, true), visitor);
            case DESCENDING_SCAN_IGNORES_STOP -> visit(entries(from, to, true), (k, v) -> {
                visitor.visit(k, v);
                return true;
            });
            case DESCENDING_PAGES_BY_OFFSET -> {
                int pageSize = 16;
                for (int offset = 0; ; offset += pageSize) {
                    List<Map.Entry<byte[], StoredValue>> all = entries(from, to, true);
                    List<Map.Entry<byte[], StoredValue>> page = all.subList(Math.min(offset, all.size()),
                            Math.min(offset + pageSize, all.size()));
                    if (page.isEmpty() || !visit(page, visitor)) {
                        return;
                    }
                    Thread.yield();
                }
            }
            default -> StorageEngine.super.scanDescending(from, to, visitor);
        }
    }

    /** The entries in the range, in the scan's order, read at one moment. */
    private synchronized List<Map.Entry<byte[], StoredValue>> entries(byte[] from, byte[] to, boolean descending) {
        checkOpen();
        if (from != null && to != null && map.comparator().compare(from, to) > 0) {
            return List.of();
        }
        NavigableMap<byte[], StoredValue> range = map;
        if (from != null) {
            range = range.tailMap(from, true);
        }
        if (to != null) {
            boolean inclusive = fault == (descending ? Fault.INCLUSIVE_DESCENDING_SCAN_END : Fault.INCLUSIVE_SCAN_END);
            range = range.headMap(to, inclusive);
        }
        List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>((descending ? range.descendingMap() : range).entrySet());
        if (descending && fault == Fault.SIGNED_DESCENDING_ORDER) {
            entries.sort(Map.Entry.<byte[], StoredValue>comparingByKey(Arrays::compare).reversed());
        }
        return entries;
    }

    /** Returns whether the visitor wanted more. */
    private static boolean visit(List<Map.Entry<byte[], StoredValue>> entries, Visitor visitor) {
        for (Map.Entry<byte[], StoredValue> e : entries) {
            if (!visitor.visit(e.getKey(), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void awaitDurable() {
        checkOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private synchronized void checkOpen() {
        if (closed && fault != Fault.USABLE_AFTER_CLOSE) {
            throw new IllegalStateException("closed");
        }
    }
}

package dev.simpleredis.api.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Puts, deletes and range deletes applied together by {@link StorageEngine#write(WriteBatch)}:
 * all or nothing, in the order they were added. Order matters when a range delete covers a key
 * the batch also puts: a put before the range delete is removed by it, a put after it stays.
 * So a collection can be replaced in one batch: delete its element range, then put its new
 * elements and its metadata record.
 */
public final class WriteBatch {

    /** One operation of a batch. */
    public sealed interface Op {
        /** The key the operation is about; for a range, its first key. */
        byte[] key();
    }

    public record Put(byte[] key, StoredValue value) implements Op {
    }

    public record Delete(byte[] key) implements Op {
    }

    /**
     * Deletes every key with {@code from <= key < to}, in unsigned byte order as
     * {@link StorageEngine#deleteRange} does; when {@code from >= to} the range is empty and
     * nothing is deleted. Both bounds are required: a batch deletes one key's range (a
     * collection's elements); unbounded ranges are for {@link StorageEngine#deleteRange}.
     * Added in version 2 of the SPI.
     */
    public record DeleteRange(byte[] from, byte[] to) implements Op {

        public DeleteRange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public byte[] key() {
            return from;
        }

        /** Whether the range can hold no key ({@code from >= to}). */
        public boolean isEmpty() {
            return Arrays.compareUnsigned(from, to) >= 0;
        }
    }

    private final List<Op> ops = new ArrayList<>();

    public WriteBatch put(byte[] key, StoredValue value) {
        ops.add(new Put(key, value));
        return this;
    }

    public WriteBatch delete(byte[] key) {
        ops.add(new Delete(key));
        return this;
    }

    /** Deletes {@code from <= key < to}; see {@link DeleteRange}. */
    public WriteBatch deleteRange(byte[] from, byte[] to) {
        ops.add(new DeleteRange(from, to));
        return this;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /**
     * This batch with each {@link DeleteRange} replaced by a {@link Delete} of every key in its
     * range: the keys {@code engine} holds there now, and those an earlier put of this batch
     * stores there. It lets a server write through an engine built against version 1 of the
     * SPI, which knows no range deletes.
     *
     * <p>The engine's keys are read by this call, not by the write: a key that another writer
     * adds to the range in between survives the batch. A caller that needs better holds its own
     * lock over the range from this call until the batch is written.
     */
    public WriteBatch withRangesExpanded(StorageEngine engine) {
        WriteBatch expanded = new WriteBatch();
        NavigableSet<byte[]> putSoFar = new TreeSet<>(Arrays::compareUnsigned);
        for (Op op : ops) {
            switch (op) {
                case Put put -> {
                    putSoFar.add(put.key());
                    expanded.ops.add(put);
                }
                case Delete delete -> expanded.ops.add(delete);
                case DeleteRange range when range.isEmpty() -> {
                }
                case DeleteRange range -> {
                    NavigableSet<byte[]> doomed = new TreeSet<>(Arrays::compareUnsigned);
                    engine.scan(range.from(), range.to(), (key, value) -> doomed.add(key));
                    doomed.addAll(putSoFar.subSet(range.from(), true, range.to(), false));
                    doomed.forEach(expanded::delete);
                }
            }
        }
        return expanded;
    }
}

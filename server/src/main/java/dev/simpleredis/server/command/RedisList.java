package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import dev.simpleredis.server.Keyspace.Meta;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One list of the keyspace as the list commands see it. Its elements are records keyed by their
 * index (8 bytes big-endian of {@code index ^ Long.MIN_VALUE}, so that byte order is index order,
 * negative indexes included), from the meta's {@code head} (the first element) to its
 * {@code tail} (after the last): a push or pop at either end moves one end and writes one record,
 * and the element at position {@code i} is at index {@code head + i}.
 *
 * <p>Values are codec frames, so a nested value sent in the seed dialect keeps its type; LPOS,
 * LREM and LINSERT compare frames. Changes are made to the meta held here and stored by
 * {@link #save}, which deletes a list left empty.
 */
final class RedisList {

    private final Keyspace keyspace;
    private final int db;
    private final byte[] key;
    private Meta meta;

    private RedisList(Keyspace keyspace, int db, byte[] key, Meta meta) {
        this.keyspace = keyspace;
        this.db = db;
        this.key = key;
        this.meta = meta;
    }

    /**
     * The list at {@code key}, or null when the key does not exist.
     *
     * @throws CommandException WRONGTYPE when the key holds another type
     */
    static RedisList find(Keyspace keyspace, int db, byte[] key) {
        Meta meta = keyspace.collection(db, key, KeyType.LIST);
        return meta == null ? null : new RedisList(keyspace, db, key, meta);
    }

    /** The list at {@code key}, whose meta the caller has read. */
    static RedisList of(Keyspace keyspace, int db, byte[] key, Meta meta) {
        return new RedisList(keyspace, db, key, meta);
    }

    /** The list at {@code key}, a new empty one when the key does not exist (stored by {@link #save}). */
    static RedisList findOrCreate(Keyspace keyspace, int db, byte[] key) {
        RedisList list = find(keyspace, db, key);
        return list != null ? list : new RedisList(keyspace, db, key, Meta.empty(KeyType.LIST));
    }

    byte[] key() {
        return key;
    }

    long size() {
        return meta.size();
    }

    /** Stores the list's meta: deletes the key when the list is empty. */
    void save() {
        keyspace.putCollection(db, key, meta);
    }

    /** Adds one element at the head ({@code left}) or the tail. */
    void push(boolean left, byte[] frame) {
        long head = meta.head();
        long tail = meta.tail();
        if (left) {
            head--;
            keyspace.putElement(db, key, index(head), frame);
        } else {
            keyspace.putElement(db, key, index(tail), frame);
            tail++;
        }
        meta = meta.withEnds(head, tail);
    }

    /** Pops of up to this many elements read and delete element by element. */
    private static final int POINT_POPS = 8;

    /** Removes and returns up to {@code count} elements from the head ({@code left}) or the tail, the end's first. */
    List<byte[]> pop(boolean left, long count) {
        long n = Math.min(count, size());
        long head = meta.head();
        long tail = meta.tail();
        long from = left ? head : tail - n;
        long to = left ? head + n : tail;
        List<byte[]> out = new ArrayList<>((int) Math.min(n, 1024));
        if (n <= POINT_POPS) {
            // the usual pop of one: point reads and deletes, cheaper than a scan and a range delete
            for (long i = 0; i < n; i++) {
                byte[] index = index(left ? from + i : to - 1 - i);
                out.add(keyspace.element(db, key, index));
                keyspace.deleteElement(db, key, index);
            }
        } else {
            Keyspace.ElementVisitor collect = (sub, value) -> out.add(value);
            if (left) {
                keyspace.scanElements(db, key, index(from), index(to), collect);
            } else {
                keyspace.scanElementsDescending(db, key, index(from), index(to), collect);
            }
            keyspace.deleteElements(db, key, index(from), index(to));
        }
        meta = left ? meta.withEnds(to, tail) : meta.withEnds(head, from);
        return out;
    }

    /** The element at position {@code i} (0 = the head; negative counts from the tail), or null when out of range. */
    byte[] get(long i) {
        long p = position(i);
        return p < 0 ? null : keyspace.element(db, key, index(meta.head() + p));
    }

    /** Replaces the element at position {@code i}; false when out of range. */
    boolean set(long i, byte[] frame) {
        long p = position(i);
        if (p < 0) {
            return false;
        }
        keyspace.putElement(db, key, index(meta.head() + p), frame);
        return true;
    }

    /** Position {@code i}, negative ones counted from the tail, as a position from the head; -1 when out of range. */
    private long position(long i) {
        long p = i < 0 ? size() + i : i;
        return p >= 0 && p < size() ? p : -1;
    }

    /**
     * Visits the elements at positions {@code from} (inclusive) to {@code to} (exclusive), head
     * first, until the visitor returns false.
     */
    void scan(long from, long to, PositionVisitor visitor) {
        long head = meta.head();
        keyspace.scanElements(db, key, index(head + from), index(head + to),
                (sub, value) -> visitor.visit(decodeIndex(sub) - head, value));
    }

    /** {@link #scan} from the tail down. */
    void scanDescending(long from, long to, PositionVisitor visitor) {
        long head = meta.head();
        keyspace.scanElementsDescending(db, key, index(head + from), index(head + to),
                (sub, value) -> visitor.visit(decodeIndex(sub) - head, value));
    }

    /**
     * The positions {@code [from, to)} that LRANGE and LTRIM's inclusive {@code start} and
     * {@code end} select, negative ones counted from the tail, clamped as Redis does; from == to
     * when the range is empty.
     */
    long[] range(long start, long end) {
        long size = size();
        long from = start < 0 ? Math.max(size + start, 0) : start;
        long last = end < 0 ? size + end : Math.min(end, size - 1);
        return from > last || from >= size ? new long[] {0, 0} : new long[] {from, last + 1};
    }

    /** Sees one element of a {@link #scan}: its position from the head and its frame. */
    @FunctionalInterface
    interface PositionVisitor {
        boolean visit(long position, byte[] frame);
    }

    /** Deletes the first {@code left} and the last {@code right} elements (together at most the size). */
    void trim(long left, long right) {
        long head = meta.head();
        long tail = meta.tail();
        if (left + right >= size()) {
            meta = meta.withEnds(head, head);
            return; // save() deletes the key with every element
        }
        if (left > 0) {
            keyspace.deleteElements(db, key, index(head), index(head + left));
        }
        if (right > 0) {
            keyspace.deleteElements(db, key, index(tail - right), index(tail));
        }
        meta = meta.withEnds(head + left, tail - right);
    }

    /**
     * Replaces the elements at positions {@code from} to {@code to} (exclusive) by {@code insert},
     * moving the shorter of the two sides of the list around them (LINSERT, LREM: O(n) as in Redis).
     */
    void splice(long from, long to, List<byte[]> insert) {
        long head = meta.head();
        long tail = meta.tail();
        long delta = insert.size() - (to - from);
        if (from <= size() - to) {
            // the elements before the range move by -delta, so the head moves and the rest stays
            long newHead = head - delta;
            List<byte[]> before = frames(head, head + from);
            if (newHead > head) {
                keyspace.deleteElements(db, key, index(head), index(newHead));
            }
            putAll(newHead, before);
            putAll(newHead + from, insert);
            meta = meta.withEnds(newHead, tail);
        } else {
            long newTail = tail + delta;
            List<byte[]> after = frames(head + to, tail);
            if (newTail < tail) {
                keyspace.deleteElements(db, key, index(newTail), index(tail));
            }
            putAll(head + from, insert);
            putAll(head + to + delta, after);
            meta = meta.withEnds(head, newTail);
        }
    }

    /** The frames of the elements at indexes {@code from} to {@code to} (exclusive). */
    private List<byte[]> frames(long from, long to) {
        List<byte[]> out = new ArrayList<>();
        if (from < to) {
            keyspace.scanElements(db, key, index(from), index(to), (sub, value) -> out.add(value));
        }
        return out;
    }

    private void putAll(long at, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            keyspace.putElement(db, key, index(at + i), frames.get(i));
        }
    }

    /** The element key of index {@code i}: flipping the sign bit makes unsigned byte order signed order. */
    static byte[] index(long i) {
        return ByteBuffer.allocate(Long.BYTES).putLong(i ^ Long.MIN_VALUE).array();
    }

    private static long decodeIndex(byte[] sub) {
        return ByteBuffer.wrap(sub).getLong() ^ Long.MIN_VALUE;
    }

    /** An argument as the frame stored for it, and compared with stored frames. */
    static byte[] frame(Request request, int i, Session session) {
        return Encoder.encode(request.stored(i, session), Dialect.RESP3);
    }

    /** A stored element as its reply. */
    static Value value(byte[] frame) {
        try {
            return Decoder.decode(frame);
        } catch (ProtocolException e) {
            throw new StorageException("a stored list element is not a valid frame: " + e.getMessage(), e);
        }
    }

    static List<Value> values(List<byte[]> frames) {
        List<Value> out = new ArrayList<>(frames.size());
        for (byte[] f : frames) {
            out.add(value(f));
        }
        return out;
    }

    /** {@code LEFT} or {@code RIGHT} (LMOVE's ends): true for left, else a syntax error. */
    static boolean left(Request request, int i) {
        if (request.is(i, "left")) {
            return true;
        }
        if (request.is(i, "right")) {
            return false;
        }
        throw CommandException.syntax();
    }
}

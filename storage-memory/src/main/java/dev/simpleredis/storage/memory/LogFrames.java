package dev.simpleredis.storage.memory;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NavigableMap;

/**
 * The append-only log's records: one protocol frame per engine write, an array of bulk strings
 * as a client would send it.
 * <pre>
 * SET key value [PXAT unix-ms]
 * DEL key
 * DELRANGE from to          (an empty bound is unbounded)
 * BATCH op op ...           (nested arrays of the records above, applied together, in order)
 * </pre>
 * Keys are the engine's keys; expiry is absolute, so replaying later gives the same expiry.
 */
final class LogFrames {

    private static final byte[] SET = ascii("SET");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] DELRANGE = ascii("DELRANGE");
    private static final byte[] PXAT = ascii("PXAT");
    private static final byte[] EMPTY = new byte[0];

    private LogFrames() {
    }

    static void set(Output out, byte[] key, StoredValue value) {
        if (value.hasExpiry()) {
            Encoder.encodeCommand(out, SET, key, value.value(), PXAT, ascii(Long.toString(value.expiresAt())));
        } else {
            Encoder.encodeCommand(out, SET, key, value.value());
        }
    }

    static void delete(Output out, byte[] key) {
        Encoder.encodeCommand(out, DEL, key);
    }

    static void deleteRange(Output out, byte[] from, byte[] to) {
        Encoder.encodeCommand(out, DELRANGE, from == null ? EMPTY : from, to == null ? EMPTY : to);
    }

    /**
     * The record of {@code batch}: its one operation as it is, or a BATCH of them. Empty ranges
     * change nothing and are left out; written, one with an empty {@code to} would read as
     * unbounded.
     */
    static void batch(Output out, WriteBatch batch) {
        int logged = 0;
        WriteBatch.Op lone = null;
        for (WriteBatch.Op op : batch.ops()) {
            if (changes(op)) {
                logged++;
                lone = op;
            }
        }
        if (logged == 1) {
            op(out, lone);
            return;
        }
        out.write('*').writeDecimal(logged + 1L).crlf().writeAscii("$5\r\nBATCH\r\n");
        for (WriteBatch.Op op : batch.ops()) {
            if (changes(op)) {
                op(out, op);
            }
        }
    }

    private static boolean changes(WriteBatch.Op op) {
        return !(op instanceof WriteBatch.DeleteRange range && range.isEmpty());
    }

    private static void op(Output out, WriteBatch.Op op) {
        switch (op) {
            case WriteBatch.Put put -> set(out, put.key(), put.value());
            case WriteBatch.Delete delete -> delete(out, delete.key());
            case WriteBatch.DeleteRange range -> deleteRange(out, range.from(), range.to());
        }
    }

    /**
     * Applies one record to {@code map}.
     *
     * @throws IllegalArgumentException if {@code frame} is not a well-formed record
     */
    static void apply(Value frame, NavigableMap<byte[], StoredValue> map) {
        List<Value> args = frame instanceof Value.Array a ? a.items() : List.of();
        String op = args.isEmpty() ? "" : text(args.getFirst());
        switch (op) {
            case "SET" -> {
                if (args.size() == 3) {
                    map.put(bytes(args.get(1)), StoredValue.of(bytes(args.get(2))));
                } else if (args.size() == 5 && text(args.get(3)).equals("PXAT")) {
                    map.put(bytes(args.get(1)), new StoredValue(bytes(args.get(2)), expiry(args.get(4))));
                } else {
                    throw new IllegalArgumentException("malformed SET record");
                }
            }
            case "DEL" -> {
                require(args.size() == 2, "malformed DEL record");
                map.remove(bytes(args.get(1)));
            }
            case "DELRANGE" -> {
                require(args.size() == 3, "malformed DELRANGE record");
                byte[] from = bytes(args.get(1));
                byte[] to = bytes(args.get(2));
                NavigableMap<byte[], StoredValue> range = map;
                if (from.length > 0) {
                    range = range.tailMap(from, true);
                }
                if (to.length > 0) {
                    range = range.headMap(to, false);
                }
                range.clear();
            }
            case "BATCH" -> {
                for (Value item : args.subList(1, args.size())) {
                    require(!(item instanceof Value.Array a) || a.items().isEmpty() || !text(a.items().getFirst()).equals("BATCH"),
                            "nested BATCH record");
                    apply(item, map);
                }
            }
            default -> throw new IllegalArgumentException("unknown record '" + op + "'");
        }
    }

    private static long expiry(Value v) {
        try {
            long at = Long.parseLong(new String(bytes(v), StandardCharsets.US_ASCII));
            require(at > 0, "invalid expiry");
            return at;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid expiry");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static byte[] bytes(Value v) {
        if (v instanceof Value.Bulk b) {
            return b.bytes();
        }
        throw new IllegalArgumentException("expected a bulk string, got " + v);
    }

    private static String text(Value v) {
        return v instanceof Value.Bulk b && b.bytes().length <= 16 ? new String(b.bytes(), StandardCharsets.US_ASCII) : "";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.simpleredis.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protocol value: what a client sends, what the server replies and, encoded by the codec,
 * what an engine stores. Immutable; aggregates may nest.
 */
public sealed interface Value {

    /** Binary-safe string ({@code $}). The array is not copied: treat it as immutable. */
    record Bulk(byte[] bytes) implements Value {
        public static Bulk of(String text) {
            return new Bulk(text.getBytes(StandardCharsets.UTF_8));
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bulk[" + text() + "]";
        }
    }

    /** Status reply ({@code +OK}); never contains CR or LF. */
    record Simple(String text) implements Value {
        public static final Simple OK = new Simple("OK");
        public static final Simple PONG = new Simple("PONG");
    }

    /** Error reply ({@code -ERR ...}); the text includes the error code. */
    record Error(String text) implements Value {
    }

    /** Signed 64-bit integer ({@code :}). */
    record Int(long value) implements Value {
        public static final Int ZERO = new Int(0);
        public static final Int ONE = new Int(1);

        public static Int of(long value) {
            return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
        }
    }

    /**
     * Double ({@code ,} in RESP3 and the seed dialect; a bulk string in RESP2), printed as
     * {@code text} when that is given, else as {@link dev.simpleredis.api.protocol.Encoder#formatDouble}:
     * a reply that must print its number in a particular way (Redis 7.0 prints sorted-set scores
     * with 17 significant digits) brings its text.
     */
    record Double(double value, String text) implements Value {
        public Double(double value) {
            this(value, null);
        }
    }

    /** Boolean ({@code #} in RESP3; an integer 0/1 in RESP2). */
    record Bool(boolean value) implements Value {
    }

    /**
     * Null: {@code $-1}, or {@code *-1} for a null array (what Redis replies where an array was
     * expected: EXEC aborted by WATCH, BLPOP timed out); {@code _} in RESP3 either way.
     */
    record Null(boolean array) implements Value {
        public static final Null INSTANCE = new Null(false);
        public static final Null ARRAY = new Null(true);

        public Null() {
            this(false);
        }
    }

    /** Array ({@code *}), possibly nested. */
    record Array(List<Value> items) implements Value {
        public static final Array EMPTY = new Array(List.of());

        public Array {
            items = List.copyOf(items);
        }

        public static Array of(Value... items) {
            return new Array(List.of(items));
        }
    }

    /**
     * Set ({@code ~} in RESP3; an array in RESP2 and the seed dialect). Only the server sends it,
     * in replies that Redis types as sets; a decoder reads {@code ~} frames as {@link Array}s.
     */
    record Set(List<Value> items) implements Value {
        public Set {
            items = List.copyOf(items);
        }
    }

    /**
     * Verbatim string ({@code =} in RESP3, with a three-letter format such as {@code txt}; a bulk
     * string in RESP2 and the seed dialect). Only the server sends it (INFO, CLIENT LIST); a
     * decoder reads {@code =} frames as {@link Bulk}s without the format.
     */
    record Verbatim(String format, String text) implements Value {
        public Verbatim {
            if (format.length() != 3) {
                throw new IllegalArgumentException("a verbatim format has three characters, got '" + format + "'");
            }
        }

        public static Verbatim txt(String text) {
            return new Verbatim("txt", text);
        }
    }

    /** Dictionary ({@code %}), insertion-ordered, possibly nested. */
    record Dict(Map<Value, Value> entries) implements Value {
        public Dict {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    static Value bulk(String text) {
        return Bulk.of(text);
    }

    static Value error(String text) {
        return new Error(text);
    }
}

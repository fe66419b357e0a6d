package dev.simpleredis.api.protocol;

import dev.simpleredis.api.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random values, reproducible from a seed, limited to what a dialect can carry without change:
 * RESP2 has no dicts, doubles or booleans; SEED and RESP3 have them all. Depth and size are
 * bounded so a case stays small; bulk strings hold every byte value, CR and LF included.
 */
final class ValueGenerator {

    private static final double[] SPECIAL_DOUBLES = {
        0.0, -0.0, 1.0, -1.0, 1.5, 0.1, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e17, 123456789012345678.0, 3.0,
    };
    private static final long[] SPECIAL_LONGS = {
        0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 10, -10, 1L << 53,
    };

    private final Random random;
    private final Dialect dialect;
    private final int maxDepth;
    private final int maxItems;

    ValueGenerator(long seed, Dialect dialect) {
        this(seed, dialect, 5, 6);
    }

    ValueGenerator(long seed, Dialect dialect, int maxDepth, int maxItems) {
        this.random = new Random(seed);
        this.dialect = dialect;
        this.maxDepth = maxDepth;
        this.maxItems = maxItems;
    }

    Random random() {
        return random;
    }

    Value next() {
        return value(1);
    }

    private Value value(int depth) {
        if (depth >= maxDepth || random.nextInt(3) != 0) {
            return scalar();
        }
        boolean dict = dialect != Dialect.RESP2 && random.nextInt(3) == 0;
        return dict ? dict(depth) : array(depth);
    }

    private Value array(int depth) {
        int n = random.nextInt(maxItems + 1);
        List<Value> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(value(depth + 1));
        }
        return new Value.Array(items);
    }

    private Value dict(int depth) {
        int n = random.nextInt(maxItems + 1);
        Map<Value, Value> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Value key = random.nextInt(4) == 0 ? value(depth + 1) : scalar();
            if (!entries.containsKey(key)) {
                entries.put(key, value(depth + 1));
            }
        }
        return new Value.Dict(entries);
    }

    Value scalar() {
        int kinds = dialect == Dialect.RESP2 ? 5 : 7;
        return switch (random.nextInt(kinds)) {
            case 0 -> new Value.Bulk(bytes());
            case 1 -> new Value.Simple(line());
            case 2 -> new Value.Error(line());
            case 3 -> Value.Int.of(random.nextInt(4) == 0 ? SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)] : random.nextLong());
            case 4 -> Value.Null.INSTANCE;
            case 5 -> new Value.Double(aDouble());
            default -> new Value.Bool(random.nextBoolean());
        };
    }

    double aDouble() {
        return switch (random.nextInt(4)) {
            case 0 -> SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)];
            case 1 -> java.lang.Double.longBitsToDouble(random.nextLong());
            case 2 -> random.nextInt(2_000_001) - 1_000_000;
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
        };
    }

    /** Bytes of every value, CR and LF included; mostly short, sometimes a few KiB. */
    byte[] bytes() {
        int len = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> random.nextInt(4096);
            default -> random.nextInt(32);
        };
        byte[] b = new byte[len];
        random.nextBytes(b);
        if (len > 2 && random.nextBoolean()) {
            int at = random.nextInt(len - 1);
            b[at] = '\r';
            b[at + 1] = '\n';
        }
        return b;
    }

    /** Text for a one-line frame: any code point but CR, LF and lone surrogates. */
    String line() {
        int len = random.nextInt(20);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> random.nextInt(0x80);
                case 2 -> 0x80 + random.nextInt(0xd800 - 0x80);
                default -> 0x10000 + random.nextInt(0x10ffff - 0x10000);
            };
            if (cp != '\r' && cp != '\n') {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }
}

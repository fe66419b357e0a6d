package dev.simpleredis.api.protocol;

import dev.simpleredis.api.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes values as frames of a {@link Dialect}. */
public final class Encoder {

    private Encoder() {
    }

    public static byte[] encode(Value value, Dialect dialect) {
        Output out = new Output(64);
        encode(value, dialect, out);
        return out.toByteArray();
    }

    public static void encode(Value value, Dialect dialect, Output out) {
        switch (value) {
            case Value.Bulk b -> bulk(b.bytes(), out);
            case Value.Simple s -> line('+', s.text(), out);
            case Value.Error e -> line('-', e.text(), out);
            case Value.Int i -> out.write(':').writeDecimal(i.value()).crlf();
            case Value.Double d -> {
                String text = d.text() != null ? d.text() : formatDouble(d.value());
                if (dialect == Dialect.RESP2) {
                    bulk(text.getBytes(StandardCharsets.US_ASCII), out);
                } else {
                    out.write(',').writeAscii(text).crlf();
                }
            }
            case Value.Bool b -> {
                if (dialect == Dialect.RESP2) {
                    out.write(':').write(b.value() ? '1' : '0').crlf();
                } else {
                    out.write('#').write(b.value() ? 't' : 'f').crlf();
                }
            }
            case Value.Null n -> {
                if (dialect == Dialect.RESP3) {
                    out.write('_').crlf();
                } else {
                    out.writeAscii(n.array() ? "*-1" : "$-1").crlf();
                }
            }
            case Value.Array a -> {
                out.write('*').writeDecimal(a.items().size()).crlf();
                for (Value item : a.items()) {
                    encode(item, dialect, out);
                }
            }
            case Value.Set set -> {
                out.write(dialect == Dialect.RESP3 ? '~' : '*').writeDecimal(set.items().size()).crlf();
                for (Value item : set.items()) {
                    encode(item, dialect, out);
                }
            }
            case Value.Verbatim v -> {
                byte[] text = v.text().getBytes(StandardCharsets.UTF_8);
                if (dialect == Dialect.RESP3) {
                    out.write('=').writeDecimal(text.length + 4L).crlf()
                            .writeAscii(v.format()).write(':').write(text).crlf();
                } else {
                    bulk(text, out);
                }
            }
            case Value.Dict d -> {
                if (dialect == Dialect.RESP2) {
                    out.write('*').writeDecimal(2L * d.entries().size()).crlf();
                } else {
                    out.write('%').writeDecimal(d.entries().size()).crlf();
                }
                for (Map.Entry<Value, Value> e : d.entries().entrySet()) {
                    encode(e.getKey(), dialect, out);
                    encode(e.getValue(), dialect, out);
                }
            }
        }
    }

    /** A request: an array of bulk strings, as every client sends. */
    public static void encodeCommand(Output out, byte[]... args) {
        out.write('*').writeDecimal(args.length).crlf();
        for (byte[] arg : args) {
            bulk(arg, out);
        }
    }

    /** A one-line frame; CR and LF would end it early, so they become spaces. */
    private static void line(char type, String text, Output out) {
        out.write(type);
        if (plainAscii(text)) {
            out.writeAscii(text); // the common case, +OK among them: no copies of the text
        } else {
            out.write(text.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
        }
        out.crlf();
    }

    /** Whether {@code text} is ASCII without CR or LF, so that its chars are its bytes. */
    private static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }

    private static void bulk(byte[] bytes, Output out) {
        out.write('$').writeDecimal(bytes.length).crlf().write(bytes).crlf();
    }

    /**
     * Formats a double as Redis does: {@code inf}, {@code -inf}, {@code nan}, integers without a
     * fraction, otherwise the shortest text that parses back to the same double.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return d == 0 && 1 / d < 0 ? "-0" : Long.toString((long) d);
        }
        String shortest = Double.toString(d);
        if (shortest.indexOf('E') < 0) {
            return shortest;
        }
        return new BigDecimal(shortest).toString().replace("E", "e");
    }
}

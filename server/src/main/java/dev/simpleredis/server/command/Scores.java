package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Sorted-set scores as Redis reads and prints them: read by C's {@code strtod} (so {@code inf},
 * {@code -infinity}, hexadecimal {@code 0x1p3}, ...), printed with {@code %.17g} as Redis 7.0
 * does (1.1 is {@code 1.1000000000000001}, 1e20 is {@code 1e+20}). This is not
 * {@link dev.simpleredis.api.protocol.Encoder#formatDouble}, the shortest form used elsewhere.
 */
final class Scores {

    static final CommandException NOT_FLOAT = new CommandException("ERR value is not a valid float");
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private Scores() {
    }

    /**
     * A score, increment or weight argument as Redis's {@code getDoubleFromObject} takes it: the
     * whole argument is one number, without leading space; not NaN, and not out of range (a
     * literal {@code inf} is fine, {@code 1e999} is not).
     */
    static double parse(byte[] text, CommandException failure) {
        if (text.length == 0 || Strtod.isSpace(text[0])) {
            throw failure;
        }
        Read d = strtod(text, text.length);
        if (d.end != text.length || Double.isNaN(d.value) || d.outOfRange) {
            throw failure;
        }
        return d.value;
    }

    /**
     * A range bound's number as {@code zslParseRange} reads it with {@code strtod}: leading
     * space allowed, the text ends at a NUL byte, overflow is infinity; null when that is not
     * all a number, or NaN.
     */
    static Double parseBound(byte[] text, int from) {
        int limit = from;
        while (limit < text.length && text[limit] != 0) {
            limit++;
        }
        byte[] number = Arrays.copyOfRange(text, from, limit);
        Read d = strtod(number, number.length);
        return d.end != number.length || Double.isNaN(d.value) ? null : d.value;
    }

    /** Redis 7.0's {@code %.17g}, as C's printf writes it (exact value rounded half-even). */
    static String format(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN_DIGITS).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 17) {
            return rounded.toPlainString();
        }
        String digits = rounded.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(24);
        if (rounded.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    /** A score as a reply: a RESP3 double, or a bulk string in RESP2, printed as {@link #format}. */
    static Value reply(double score) {
        return new Value.Double(score, format(score));
    }

    /** A score as text inside a reply that is all strings (ZSCAN), printed as {@link #format}. */
    static Value text(double score) {
        return Value.Bulk.of(format(score));
    }

    /**
     * A score as Redis 7.0 keeps it in a small set's compact encoding, where ZSCAN reads it: a
     * whole number up to 2^62 in magnitude as an integer ({@code 100000000000000000}), any other
     * as {@link #format}.
     */
    static Value compactText(double score) {
        if (score == Math.rint(score) && Math.abs(score) <= 0x1p62) {
            return Value.Bulk.of(Long.toString((long) score));
        }
        return text(score);
    }

    /** A number as {@code strtod} reads it into a double, and whether that overflowed or underflowed to zero (ERANGE). */
    private record Read(double value, int end, boolean outOfRange) {
    }

    private static Read strtod(byte[] s, int limit) {
        Strtod read = Strtod.read(s, limit);
        double value = read.toDouble();
        boolean outOfRange = read.kind() == Strtod.Kind.NUMBER && (Double.isInfinite(value) || (value == 0 && read.nonZero()));
        return new Read(value, read.end(), outOfRange);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
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
        if (text.length == 0 || isSpace(text[0])) {
            throw failure;
        }
        Strtod d = strtod(text, text.length);
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
        Strtod d = strtod(number, number.length);
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

    /** What {@code strtod} read: the value, where the number ended (0 when there is none), and whether it overflowed or underflowed to zero (ERANGE). */
    private record Strtod(double value, int end, boolean outOfRange) {
    }

    private static Strtod strtod(byte[] s, int limit) {
        int i = 0;
        while (i < limit && isSpace(s[i])) {
            i++;
        }
        boolean negative = i < limit && s[i] == '-';
        if (i < limit && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        if (startsWith(s, i, limit, "inf")) {
            int end = startsWith(s, i + 3, limit, "inity") ? i + 8 : i + 3;
            return new Strtod(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end, false);
        }
        if (startsWith(s, i, limit, "nan")) {
            return new Strtod(Double.NaN, i + 3, false);
        }
        boolean hex = i + 1 < limit && s[i] == '0' && (s[i + 1] | 0x20) == 'x';
        int start = hex ? i + 2 : i;
        int j = start;
        int digits = 0;
        boolean nonZero = false;
        boolean point = false;
        while (j < limit && (isDigit(s[j], hex) || (s[j] == '.' && !point))) {
            if (s[j] == '.') {
                point = true;
            } else {
                digits++;
                nonZero |= s[j] != '0';
            }
            j++;
        }
        if (digits == 0) {
            // "0x" without hex digits is the number 0 followed by an 'x'; otherwise no number at all
            return hex ? new Strtod(negative ? -0.0 : 0.0, i + 1, false) : new Strtod(0, 0, false);
        }
        int mantissaEnd = j;
        if (j < limit && (s[j] | 0x20) == (hex ? 'p' : 'e')) {
            int k = j + 1;
            if (k < limit && (s[k] == '+' || s[k] == '-')) {
                k++;
            }
            if (k < limit && isDigit(s[k], false)) {
                while (k < limit && isDigit(s[k], false)) {
                    k++;
                }
                j = k;
            }
        }
        String mantissa = new String(s, start, mantissaEnd - start, StandardCharsets.US_ASCII);
        String exponent = new String(s, mantissaEnd, j - mantissaEnd, StandardCharsets.US_ASCII);
        double value = hex
                ? Double.parseDouble("0x" + mantissa + (exponent.isEmpty() ? "p0" : exponent))
                : Double.parseDouble(mantissa + exponent);
        boolean outOfRange = Double.isInfinite(value) || (value == 0 && nonZero);
        return new Strtod(negative ? -value : value, j, outOfRange);
    }

    private static boolean startsWith(byte[] s, int at, int limit, String word) {
        if (at + word.length() > limit) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((s[at + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b, boolean hex) {
        return (b >= '0' && b <= '9') || (hex && ((b | 0x20) >= 'a' && (b | 0x20) <= 'f'));
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}

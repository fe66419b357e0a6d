package dev.simpleredis.server.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * What C's {@code strtod} and {@code strtold} read at the start of a text, before either rounds
 * it to its binary type: C spaces, a sign, then {@code inf}/{@code infinity}, {@code nan}, or a
 * decimal or hexadecimal ({@code 0x}) mantissa with an optional exponent ({@code e} or {@code p}).
 *
 * @param kind     what was read
 * @param negative whether a minus sign came first
 * @param hex      whether the mantissa is hexadecimal
 * @param mantissa the mantissa's digits, with its point if it has one
 * @param exponent the exponent with its letter and sign ({@code e+10}, {@code p-2}); empty when there is none
 * @param end      where the number ended; 0 when there is none
 */
record Strtod(Kind kind, boolean negative, boolean hex, String mantissa, String exponent, int end) {

    enum Kind { NONE, INFINITY, NAN, NUMBER }

    /** An exponent beyond this many powers is out of every binary type's range: read as this many. */
    private static final int EXPONENT_CAP = 100_000;

    /** Reads the number at the start of {@code s[0, limit)}. */
    static Strtod read(byte[] s, int limit) {
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
            return new Strtod(Kind.INFINITY, negative, false, "", "", end);
        }
        if (startsWith(s, i, limit, "nan")) {
            return new Strtod(Kind.NAN, negative, false, "", "", i + 3);
        }
        boolean hex = i + 1 < limit && s[i] == '0' && (s[i + 1] | 0x20) == 'x';
        int start = hex ? i + 2 : i;
        int j = start;
        int digits = 0;
        boolean point = false;
        while (j < limit && (isDigit(s[j], hex) || (s[j] == '.' && !point))) {
            if (s[j] == '.') {
                point = true;
            } else {
                digits++;
            }
            j++;
        }
        if (digits == 0) {
            // "0x" without hex digits is the number 0 followed by an 'x'; otherwise no number at all
            return hex ? new Strtod(Kind.NUMBER, negative, false, "0", "", i + 1) : new Strtod(Kind.NONE, false, false, "", "", 0);
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
        return new Strtod(Kind.NUMBER, negative, hex, new String(s, start, mantissaEnd - start, StandardCharsets.US_ASCII),
                new String(s, mantissaEnd, j - mantissaEnd, StandardCharsets.US_ASCII), j);
    }

    /** Whether a number's mantissa has a digit other than 0. */
    boolean nonZero() {
        return mantissa.chars().anyMatch(c -> c != '0' && c != '.');
    }

    /** A number as {@code strtod} rounds it to a double: an infinity or 0 when it is out of range. */
    double toDouble() {
        return switch (kind) {
            case INFINITY -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case NAN -> Double.NaN;
            case NONE -> 0;
            case NUMBER -> {
                double value = hex
                        ? Double.parseDouble("0x" + mantissa + (exponent.isEmpty() ? "p0" : exponent))
                        : Double.parseDouble(mantissa + exponent);
                yield negative ? -value : value;
            }
        };
    }

    /**
     * A number's exact value, not rounded to any binary type; an exponent beyond
     * {@value #EXPONENT_CAP} counts as that, which leaves any number out of range all the same.
     */
    BigDecimal exact() {
        long power = exponent.isEmpty() ? 0 : cappedExponent(exponent.substring(1));
        int point = mantissa.indexOf('.');
        int fractionDigits = point < 0 ? 0 : mantissa.length() - point - 1;
        BigInteger digits = new BigInteger(mantissa.replace(".", ""), hex ? 16 : 10);
        BigDecimal value = hex
                ? LongDouble.scaleByPowerOfTwo(new BigDecimal(digits), (int) (power - 4L * fractionDigits))
                : new BigDecimal(digits, (int) (fractionDigits - power));
        return negative ? value.negate() : value;
    }

    private static long cappedExponent(String text) {
        boolean minus = text.startsWith("-");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        long magnitude = 0;
        for (int k = 0; k < digits.length() && magnitude < EXPONENT_CAP; k++) {
            magnitude = magnitude * 10 + (digits.charAt(k) - '0');
        }
        magnitude = Math.min(magnitude, EXPONENT_CAP);
        return minus ? -magnitude : magnitude;
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
    static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}

package dev.simpleredis.server.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * C's {@code long double} on x86-64, the x87 80-bit format: a 64-bit mantissa, finite below
 * 2^16384, subnormal down to 2^-16445. Redis reads INCRBYFLOAT's and HINCRBYFLOAT's numbers and
 * the blocking commands' timeouts into one with {@code strtold} and computes in it. Values here
 * are exact {@link BigDecimal}s of numbers such a long double holds, so results match Redis's to
 * the digit.
 */
final class LongDouble {

    /** Redis's {@code MAX_LONG_DOUBLE_CHARS}: {@code string2ld} refuses a text this long or longer. */
    private static final int MAX_CHARS = 5 * 1024;
    /** The exponents e of mantissa * 2^e: the smallest is a subnormal's, the largest a finite one's. */
    private static final int MIN_EXPONENT = -16445;
    private static final int MAX_EXPONENT = 16383 - 63;
    private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final double LOG2_10 = Math.log(10) / Math.log(2);

    private LongDouble() {
    }

    /**
     * A number as Redis's {@code string2ld} reads it: the whole text one number for
     * {@code strtold} (hexadecimal and {@code inf} included), no leading space, no NaN, shorter
     * than {@value #MAX_CHARS} bytes, not out of range (beyond the largest long double, or a
     * non-zero number that rounds to 0).
     *
     * @return the value, or null for an infinity (which each caller refuses with its own error)
     * @throws CommandException {@code failure} when the text is not such a number
     */
    static BigDecimal parse(byte[] text, CommandException failure) {
        if (text.length == 0 || text.length >= MAX_CHARS || Strtod.isSpace(text[0])) {
            throw failure;
        }
        Strtod read = Strtod.read(text, text.length);
        if (read.end() != text.length || read.kind() == Strtod.Kind.NAN || read.kind() == Strtod.Kind.NONE) {
            throw failure;
        }
        if (read.kind() == Strtod.Kind.INFINITY) {
            return null;
        }
        BigDecimal exact = read.exact();
        BigDecimal value = round(exact);
        if (value == null || (value.signum() == 0 && exact.signum() != 0)) {
            throw failure;
        }
        return value;
    }

    /**
     * {@code x} rounded (half to even) to the nearest long double, as the x87 rounds every result
     * and {@code strtold} its input; null when that overflows to an infinity.
     */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal magnitude = x.abs();
        // e with 2^63 <= |x| / 2^e < 2^64, give or take one, from the number of binary digits
        int e = (int) Math.floor(magnitude.unscaledValue().bitLength() - magnitude.scale() * LOG2_10) - 64;
        if (e > MAX_EXPONENT + 2) {
            return null;
        }
        if (e < MIN_EXPONENT - 66) {
            return BigDecimal.ZERO; // below half the smallest subnormal, 2^MIN_EXPONENT
        }
        e = Math.max(e, MIN_EXPONENT);
        BigInteger mantissa;
        while (true) {
            mantissa = scaleByPowerOfTwo(magnitude, -e).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
            if (mantissa.compareTo(TWO_TO_64) >= 0) {
                e++;
            } else if (mantissa.compareTo(TWO_TO_63) < 0 && e > MIN_EXPONENT) {
                e--;
            } else {
                break;
            }
        }
        if (e > MAX_EXPONENT) {
            return null;
        }
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = scaleByPowerOfTwo(new BigDecimal(mantissa), e);
        return x.signum() < 0 ? rounded.negate() : rounded;
    }

    /**
     * {@code value} as Redis's {@code ld2string} prints it for INCRBYFLOAT and HINCRBYFLOAT:
     * {@code %.17Lf}, then the zeros after the point cut, and {@code -0} as {@code 0}.
     */
    static String format(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    /** {@code x * 2^n}, exactly. */
    static BigDecimal scaleByPowerOfTwo(BigDecimal x, int n) {
        if (n >= 0) {
            return x.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(n)));
        }
        // 2^-n = 5^n / 10^n exactly
        return x.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-n))).scaleByPowerOfTen(n);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * INCRBYFLOAT key amount: the new value as a string; keeps the key's expiry.
 *
 * <p>Redis adds in C's {@code long double} (x87: a 64-bit mantissa) and prints {@code %.17Lf}
 * with trailing zeros cut. The same arithmetic is done here exactly with big decimals, rounding
 * to a 64-bit mantissa where the hardware would, so the replies are Redis's to the digit.
 */
final class IncrByFloat implements Command {

    static final CommandException NOT_FLOAT = new CommandException("ERR value is not a valid float");
    static final CommandException INFINITE_RESULT = new CommandException("ERR increment would produce NaN or Infinity");
    private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        byte[] current = stored == null ? null : Strings.bytes(stored);
        byte[] amount = request.bytes(2);
        double base = current == null ? 0 : Strings.parseDouble(current, NOT_FLOAT);
        if (Double.isInfinite(base) || Double.isInfinite(Strings.parseDouble(amount, NOT_FLOAT))) {
            throw INFINITE_RESULT;
        }
        Value result = Value.Bulk.of(add(current, amount));
        keyspace.set(session.db(), key, result, stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return result;
    }

    /**
     * {@code current + amount} as Redis prints it (INCRBYFLOAT and HINCRBYFLOAT alike): both are
     * finite numbers that {@link Strings#parseDouble} accepts; a null {@code current} counts as 0.
     */
    static String add(byte[] current, byte[] amount) {
        BigDecimal base = current == null ? BigDecimal.ZERO : longDouble(decimal(current));
        BigDecimal next = longDouble(base.add(longDouble(decimal(amount))));
        String text = next.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    private static BigDecimal decimal(byte[] text) {
        return new BigDecimal(new String(text, StandardCharsets.US_ASCII).trim());
    }

    /** {@code x} rounded (half to even) to the nearest number with a 64-bit binary mantissa. */
    static BigDecimal longDouble(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal magnitude = x.abs();
        // Find e with 2^63 <= |x| / 2^e < 2^64, then round |x| / 2^e to an integer mantissa.
        int e = (int) Math.floor(magnitude.unscaledValue().bitLength() - magnitude.scale() * (Math.log(10) / Math.log(2))) - 64;
        BigInteger mantissa;
        while (true) {
            BigDecimal scaled = scaleByPowerOfTwo(magnitude, -e);
            mantissa = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
            if (mantissa.compareTo(TWO_TO_64) >= 0) {
                e++;
            } else if (mantissa.compareTo(TWO_TO_63) < 0 && scaled.compareTo(new BigDecimal(TWO_TO_63)) < 0) {
                e--;
            } else {
                break;
            }
        }
        BigDecimal rounded = scaleByPowerOfTwo(new BigDecimal(mantissa), e);
        return x.signum() < 0 ? rounded.negate() : rounded;
    }

    /** {@code x * 2^n}, exactly. */
    private static BigDecimal scaleByPowerOfTwo(BigDecimal x, int n) {
        if (n >= 0) {
            return x.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(n)));
        }
        // 2^-n = 5^n / 10^n exactly
        return x.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-n))).scaleByPowerOfTen(n);
    }
}

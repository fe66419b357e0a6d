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

    private static final CommandException NOT_FLOAT = new CommandException("ERR value is not a valid float");
    private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        double currentCheck = stored == null ? 0 : Strings.parseDouble(Strings.bytes(stored), NOT_FLOAT);
        double amountCheck = Strings.parseDouble(request.bytes(2), NOT_FLOAT);
        if (Double.isInfinite(currentCheck) || Double.isInfinite(amountCheck)) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        BigDecimal current = stored == null ? BigDecimal.ZERO : longDouble(decimal(Strings.bytes(stored)));
        BigDecimal next = longDouble(current.add(longDouble(decimal(request.bytes(2)))));
        String text = next.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        if (text.equals("-0")) {
            text = "0";
        }
        Value result = Value.Bulk.of(text);
        keyspace.set(session.db(), key, result, stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return result;
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

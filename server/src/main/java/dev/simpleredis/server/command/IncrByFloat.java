package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.math.BigDecimal;

/**
 * INCRBYFLOAT key amount: the new value as a string; keeps the key's expiry.
 *
 * <p>Redis reads both numbers with {@code strtold} (hexadecimal too, and far beyond a double's
 * range), adds them in C's {@code long double} and prints {@code %.17Lf} with trailing zeros
 * cut; {@link LongDouble} does the same exactly, so the replies are Redis's to the digit.
 */
final class IncrByFloat implements Command {

    static final CommandException NOT_FLOAT = new CommandException("ERR value is not a valid float");
    static final CommandException INFINITE_RESULT = new CommandException("ERR increment would produce NaN or Infinity");

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        BigDecimal base = stored == null ? BigDecimal.ZERO : LongDouble.parse(Strings.bytes(stored), NOT_FLOAT);
        BigDecimal amount = LongDouble.parse(request.bytes(2), NOT_FLOAT);
        Value result = Value.Bulk.of(add(base, amount));
        keyspace.set(session.db(), key, result, stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return result;
    }

    /**
     * {@code base + amount} in long double arithmetic, as Redis prints it (INCRBYFLOAT and
     * HINCRBYFLOAT alike); null stands for an infinity, as {@link LongDouble#parse} returns it.
     *
     * @throws CommandException when either is infinite or the sum overflows
     */
    static String add(BigDecimal base, BigDecimal amount) {
        BigDecimal sum = base == null || amount == null ? null : LongDouble.round(base.add(amount));
        if (sum == null) {
            throw INFINITE_RESULT;
        }
        return LongDouble.format(sum);
    }
}

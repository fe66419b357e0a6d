package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/**
 * INCR, DECR (no argument) and INCRBY, DECRBY key amount: the new value; keeps the key's expiry.
 *
 * @param sign      +1 to increment, -1 to decrement
 * @param hasAmount whether the amount is an argument (otherwise 1)
 */
record IncrBy(int sign, boolean hasAmount) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long amount = hasAmount ? request.longArg(2) : 1;
        if (sign < 0 && amount == Long.MIN_VALUE) {
            throw new CommandException("ERR decrement would overflow");
        }
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        long current = stored == null ? 0 : Strings.parseLong(Strings.bytes(stored), CommandException.notInteger());
        long next = add(current, sign * amount);
        keyspace.set(session.db(), key, Value.Bulk.of(Long.toString(next)),
                stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return Value.Int.of(next);
    }

    /** {@code current + amount}, or Redis's error when that overflows (INCRBY and HINCRBY alike). */
    static long add(long current, long amount) {
        try {
            return Math.addExact(current, amount);
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
    }
}

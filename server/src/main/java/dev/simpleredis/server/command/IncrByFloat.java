package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/** INCRBYFLOAT key amount: the new value as a string; keeps the key's expiry. */
final class IncrByFloat implements Command {

    private static final CommandException NOT_FLOAT = new CommandException("ERR value is not a valid float");

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        double amount = Strings.parseDouble(request.bytes(2), NOT_FLOAT);
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        double current = stored == null ? 0 : Strings.parseDouble(Strings.bytes(stored), NOT_FLOAT);
        double next = current + amount;
        if (Double.isNaN(next) || Double.isInfinite(next)) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        Value result = Value.Bulk.of(Encoder.formatDouble(next));
        keyspace.set(session.db(), key, result, stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return result;
    }
}

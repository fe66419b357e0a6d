package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/** PERSIST key: 1 when an expiry was removed, 0 when the key is missing or had none. */
final class Persist implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        if (stored == null || !stored.hasExpiry()) {
            return Value.Int.ZERO;
        }
        keyspace.setExpiry(session.db(), key, StoredValue.NO_EXPIRY);
        return Value.Int.ONE;
    }
}

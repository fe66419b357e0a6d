package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/** TYPE key: {@code string} for every value stored so far, {@code none} for a missing key. */
final class Type implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        StoredValue stored = keyspace.stored(session.db(), request.bytes(1));
        return new Value.Simple(stored == null ? "none" : of(stored));
    }

    static String of(StoredValue stored) {
        return "string";
    }
}

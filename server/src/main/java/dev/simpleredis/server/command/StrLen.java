package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/** STRLEN key: the length in bytes, 0 for a missing key. */
final class StrLen implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        StoredValue stored = keyspace.stored(session.db(), request.bytes(1));
        return Value.Int.of(stored == null ? 0 : Strings.bytes(stored).length);
    }
}

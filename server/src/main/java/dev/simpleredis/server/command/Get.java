package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** GET key. */
final class Get implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        Value value = keyspace.get(session.db(), request.bytes(1));
        return value == null ? Value.Null.INSTANCE : value;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/** TYPE key: string, list, hash, set or zset; none for a missing key. */
final class Type implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        KeyType type = keyspace.type(session.db(), request.bytes(1));
        return new Value.Simple(type == null ? "none" : type.typeName());
    }
}

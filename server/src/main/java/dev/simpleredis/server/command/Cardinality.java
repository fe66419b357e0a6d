package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/** HLEN and SCARD key: the number of fields or members, 0 for a missing key. */
record Cardinality(KeyType type) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        Keyspace.Meta meta = keyspace.collection(session.db(), request.bytes(1), type);
        return Value.Int.of(meta == null ? 0 : meta.size());
    }
}

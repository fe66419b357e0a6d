package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** ZCARD key: the number of members, from the meta record. */
final class ZCard implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        Keyspace.Meta meta = ZSet.meta(keyspace, session, request.bytes(1));
        return Value.Int.of(meta == null ? 0 : meta.size());
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** LLEN key: the number of elements, 0 for a missing key. */
final class LLen implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        return Value.Int.of(list == null ? 0 : list.size());
    }
}

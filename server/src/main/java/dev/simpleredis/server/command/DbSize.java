package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** DBSIZE: the number of keys in the connection's database. */
final class DbSize implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        return Value.Int.of(keyspace.size(session.db()));
    }
}

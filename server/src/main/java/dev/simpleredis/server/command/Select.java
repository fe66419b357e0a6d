package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** SELECT index: switches the connection's database. */
final class Select implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        session.select(database(keyspace, request, 1));
        return Value.Simple.OK;
    }

    /** Argument {@code i} as a database number, with Redis's errors. */
    static int database(Keyspace keyspace, Request request, int i) {
        long db = request.longArg(i);
        if (db < 0 || db >= keyspace.databases()) {
            throw new CommandException("ERR DB index is out of range");
        }
        return (int) db;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** FLUSHALL [ASYNC | SYNC]: empties every database; {@code +OK}, or the number of keys removed (seed). */
final class FlushAll implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 2 || request.size() == 2 && !request.is(1, "async") && !request.is(1, "sync")) {
            throw CommandException.syntax();
        }
        long removed = 0;
        for (int db = 0; db < keyspace.databases(); db++) {
            removed += keyspace.flush(db);
        }
        return session.seed() ? Value.Int.of(removed) : Value.Simple.OK;
    }
}

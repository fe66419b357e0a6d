package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * FLUSHDB [ASYNC | SYNC] (also FLUSH, the seed's name). Replies {@code +OK} (Redis) or the
 * number of keys removed (seed).
 */
final class FlushDb implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 2 || request.size() == 2 && !request.is(1, "async") && !request.is(1, "sync")) {
            throw CommandException.syntax();
        }
        long removed = keyspace.flush(session.db());
        return session.seed() ? Value.Int.of(removed) : Value.Simple.OK;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * WATCH key [key ...] (the next EXEC fails if any of them is written or expires meanwhile) and
 * UNWATCH.
 *
 * @param unwatch whether this is UNWATCH
 */
record Watch(ServerContext server, boolean unwatch) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (unwatch) {
            server.unwatch(session);
            return Value.Simple.OK;
        }
        if (session.inMulti()) {
            throw new CommandException("ERR WATCH inside MULTI is not allowed");
        }
        for (int i = 1; i < request.size(); i++) {
            server.watch(session, request.bytes(i));
        }
        return Value.Simple.OK;
    }
}

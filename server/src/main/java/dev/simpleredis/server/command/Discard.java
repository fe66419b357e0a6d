package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** DISCARD: drops the queued commands and the WATCHed keys. */
record Discard(ServerContext server) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (!session.inMulti()) {
            throw new CommandException("ERR DISCARD without MULTI");
        }
        session.endMulti();
        server.unwatch(session);
        return Value.Simple.OK;
    }
}

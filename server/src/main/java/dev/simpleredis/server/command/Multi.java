package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** MULTI: opens a transaction; the commands that follow are queued until EXEC or DISCARD. */
final class Multi implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (session.inMulti()) {
            throw new CommandException("ERR MULTI calls can not be nested");
        }
        session.multi();
        return Value.Simple.OK;
    }
}

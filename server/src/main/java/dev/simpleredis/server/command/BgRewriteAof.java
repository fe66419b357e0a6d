package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** BGREWRITEAOF: asks the engine to compact its log in the background. */
final class BgRewriteAof implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (!keyspace.engine().compact()) {
            throw new CommandException("ERR Background append only file rewriting already in progress,"
                    + " or the storage engine keeps no log");
        }
        return new Value.Simple("Background append only file rewriting started");
    }
}

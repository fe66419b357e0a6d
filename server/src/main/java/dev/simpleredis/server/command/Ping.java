package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** PING [message]. */
final class Ping implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 2) {
            throw new CommandException("ERR wrong number of arguments for 'ping' command");
        }
        return request.size() == 2 ? new Value.Bulk(request.bytes(1)) : Value.Simple.PONG;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** ECHO message. */
final class Echo implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        return new Value.Bulk(request.bytes(1));
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** QUIT: replies OK, then the connection closes. */
final class Quit implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        session.close();
        return Value.Simple.OK;
    }
}

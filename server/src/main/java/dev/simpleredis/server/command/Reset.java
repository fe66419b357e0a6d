package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * RESET: the connection's state as when it connected (database 0, the server's default
 * protocol, no name, replies on, no transaction or WATCHed keys, unauthenticated if a password is
 * required); replies
 * {@code +RESET}.
 */
final class Reset implements Command {

    private static final Value.Simple RESET = new Value.Simple("RESET");

    private final ServerContext server;

    Reset(ServerContext server) {
        this.server = server;
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        session.reset(server.requirePass().isEmpty());
        server.unwatch(session);
        return RESET;
    }
}

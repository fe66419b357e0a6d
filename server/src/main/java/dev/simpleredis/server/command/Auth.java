package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * AUTH [username] password: the only user is {@code default}, whose password is
 * {@code simpleredis.requirepass} (none by default, when any password is accepted for it, as in
 * Redis).
 */
final class Auth implements Command {

    private final ServerContext server;

    Auth(ServerContext server) {
        this.server = server;
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 3) {
            throw CommandException.syntax();
        }
        if (request.size() == 2) {
            if (server.requirePass().isEmpty()) {
                throw new CommandException("ERR AUTH <password> called without any password configured for the default"
                        + " user. Are you sure your configuration is correct?");
            }
            authenticate(server, session, "default", request.bytes(1));
        } else {
            authenticate(server, session, request.text(1), request.bytes(2));
        }
        return Value.Simple.OK;
    }

    /** Authenticates {@code session} or fails with Redis's WRONGPASS, leaving it as it was. */
    static void authenticate(ServerContext server, Session session, String user, byte[] password) {
        String required = server.requirePass();
        boolean ok = user.equals("default") && (required.isEmpty()
                || MessageDigest.isEqual(password, required.getBytes(StandardCharsets.UTF_8)));
        if (!ok) {
            throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
        }
        session.authenticated(true);
    }
}

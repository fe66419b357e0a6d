package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.server.Keyspace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HELLO [protover [AUTH username password] [SETNAME clientname]]: switches the connection to
 * Redis's replies in RESP2 or RESP3 (without a version: the current one, RESP2 for a seed
 * connection) and describes the server as Redis does.
 */
final class Hello implements Command {

    /** The Redis version simpleredis behaves like, as HELLO and INFO report it. */
    static final String REDIS_VERSION = "7.2.4";

    private final ServerContext server;

    Hello(ServerContext server) {
        this.server = server;
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long version = 0;
        int next = 1;
        if (request.size() >= 2) {
            try {
                version = request.longArg(1);
            } catch (CommandException e) {
                throw new CommandException("ERR Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            next = 2;
        }
        String user = null;
        byte[] password = null;
        String name = null;
        for (int i = next; i < request.size(); i++) {
            int more = request.size() - 1 - i;
            if (request.is(i, "auth") && more >= 2) {
                user = request.text(i + 1);
                password = request.bytes(i + 2);
                i += 2;
            } else if (request.is(i, "setname") && more >= 1) {
                name = Client.validName(request.bytes(i + 1));
                i++;
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '" + CommandTable.printable(request.value(i), 128) + "'");
            }
        }
        if (user != null) {
            Auth.authenticate(server, session, user, password);
        }
        if (!session.authenticated() && !server.requirePass().isEmpty()) {
            throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, otherwise the"
                    + " HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the"
                    + " RESP protocol version at the same time");
        }
        if (name != null) {
            session.name(name);
        }
        if (version == 3) {
            session.dialect(Dialect.RESP3);
        } else if (version == 2 || session.seed()) {
            session.dialect(Dialect.RESP2);
        }
        Map<Value, Value> reply = new LinkedHashMap<>();
        reply.put(Value.Bulk.of("server"), Value.Bulk.of("redis"));
        reply.put(Value.Bulk.of("version"), Value.Bulk.of(REDIS_VERSION));
        reply.put(Value.Bulk.of("proto"), Value.Int.of(session.protocolVersion()));
        reply.put(Value.Bulk.of("id"), Value.Int.of(session.id()));
        reply.put(Value.Bulk.of("mode"), Value.Bulk.of("standalone"));
        reply.put(Value.Bulk.of("role"), Value.Bulk.of("master"));
        reply.put(Value.Bulk.of("modules"), Value.Array.EMPTY);
        return new Value.Dict(reply);
    }
}

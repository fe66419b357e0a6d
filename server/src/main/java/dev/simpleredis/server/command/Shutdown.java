package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: stops the server as SIGTERM does. Like Redis
 * it sends no reply when it succeeds: the connection just closes. The store is always flushed
 * and closed, whatever the options, so acknowledged writes are never dropped.
 */
final class Shutdown implements Command {

    private final ServerContext server;

    Shutdown(ServerContext server) {
        this.server = server;
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        boolean save = false;
        boolean noSave = false;
        boolean other = false;
        boolean abort = false;
        for (int i = 1; i < request.size(); i++) {
            if (request.is(i, "nosave")) {
                noSave = true;
            } else if (request.is(i, "save")) {
                save = true;
            } else if (request.is(i, "now") || request.is(i, "force")) {
                other = true;
            } else if (request.is(i, "abort")) {
                abort = true;
            } else {
                throw CommandException.syntax();
            }
        }
        if (abort && (save || noSave || other) || save && noSave) {
            throw CommandException.syntax();
        }
        if (abort) {
            throw new CommandException("ERR No shutdown in progress.");
        }
        session.close();
        server.shutdown();
        return null;
    }
}

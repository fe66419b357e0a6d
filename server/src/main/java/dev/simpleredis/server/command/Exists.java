package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** EXISTS key [key ...] and TOUCH key [key ...]: how many of the keys exist, repeats counted. */
final class Exists implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long n = 0;
        for (int i = 1; i < request.size(); i++) {
            if (keyspace.stored(session.db(), request.bytes(i)) != null) {
                n++;
            }
        }
        return Value.Int.of(n);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** MSET key value [key value ...], atomically. Replies {@code +OK} (Redis) or the number of pairs (seed). */
final class MSet implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() % 2 != 1) {
            throw new CommandException("ERR wrong number of arguments for 'mset' command");
        }
        List<Value> values = new ArrayList<>(request.size() / 2);
        for (int i = 2; i < request.size(); i += 2) {
            values.add(request.stored(i, session));
        }
        keyspace.setAll(session.db(), Del.keys(request, 1, 2), values);
        return session.seed() ? Value.Int.of(values.size()) : Value.Simple.OK;
    }
}

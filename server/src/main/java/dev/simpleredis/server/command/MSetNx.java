package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** MSETNX key value [key value ...]: sets all (1) only when none exists, else nothing (0). */
final class MSetNx implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() % 2 != 1) {
            throw new CommandException("ERR wrong number of arguments for 'msetnx' command");
        }
        List<byte[]> keys = Del.keys(request, 1, 2);
        for (byte[] key : keys) {
            if (keyspace.stored(session.db(), key) != null) {
                return Value.Int.ZERO;
            }
        }
        List<Value> values = new ArrayList<>(keys.size());
        for (int i = 2; i < request.size(); i += 2) {
            values.add(request.stored(i, session));
        }
        keyspace.setAll(session.db(), keys, values);
        return Value.Int.ONE;
    }
}

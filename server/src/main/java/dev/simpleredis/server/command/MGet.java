package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.List;

/** MGET key [key ...]: values in order, null for missing keys. */
final class MGet implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        List<Value> values = keyspace.getAll(session.db(), Del.keys(request, 1, 1));
        return new Value.Array(values.stream().map(v -> v == null ? Value.Null.INSTANCE : v).toList());
    }
}

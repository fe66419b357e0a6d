package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.List;

/** GETDEL key: the value, and the key deleted. */
final class GetDel implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Value value = keyspace.get(session.db(), key);
        if (value == null) {
            return Value.Null.INSTANCE;
        }
        keyspace.delete(session.db(), List.of(key));
        return value;
    }
}

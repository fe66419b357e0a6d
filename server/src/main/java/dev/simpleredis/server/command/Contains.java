package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * HEXISTS key field and SISMEMBER key member (1 or 0), SMISMEMBER key member [member ...] (an
 * array of them).
 */
record Contains(KeyType type, boolean multiple) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = keyspace.collection(session.db(), key, type);
        if (!multiple) {
            return contains(keyspace, session.db(), key, meta, request.bytes(2));
        }
        List<Value> replies = new ArrayList<>(request.size() - 2);
        for (int i = 2; i < request.size(); i++) {
            replies.add(contains(keyspace, session.db(), key, meta, request.bytes(i)));
        }
        return new Value.Array(replies);
    }

    private static Value contains(Keyspace keyspace, int db, byte[] key, Keyspace.Meta meta, byte[] element) {
        return Value.Int.of(meta != null && keyspace.element(db, key, element) != null ? 1 : 0);
    }
}

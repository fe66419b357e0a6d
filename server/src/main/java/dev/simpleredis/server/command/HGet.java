package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** HGET key field (the value, or null) and HMGET key field [field ...] (an array of them). */
record HGet(boolean multiple) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = keyspace.collection(session.db(), key, KeyType.HASH);
        if (!multiple) {
            return value(keyspace, session.db(), key, meta, request.bytes(2));
        }
        List<Value> values = new ArrayList<>(request.size() - 2);
        for (int i = 2; i < request.size(); i++) {
            values.add(value(keyspace, session.db(), key, meta, request.bytes(i)));
        }
        return new Value.Array(values);
    }

    private static Value value(Keyspace keyspace, int db, byte[] key, Keyspace.Meta meta, byte[] field) {
        byte[] frame = meta == null ? null : keyspace.element(db, key, field);
        return frame == null ? Value.Null.INSTANCE : Hashes.decode(frame);
    }
}

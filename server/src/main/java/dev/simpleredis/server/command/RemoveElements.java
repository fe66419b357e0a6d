package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/**
 * HDEL key field [field ...] and SREM key member [member ...]: the number removed; an emptied
 * hash or set is deleted.
 */
record RemoveElements(KeyType type) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        int db = session.db();
        Keyspace.Meta meta = keyspace.collection(db, key, type);
        if (meta == null) {
            return Value.Int.ZERO;
        }
        long removed = 0;
        for (int i = 2; i < request.size(); i++) {
            byte[] element = request.bytes(i);
            if (keyspace.element(db, key, element) != null) {
                keyspace.deleteElement(db, key, element);
                removed++;
            }
        }
        if (removed > 0) {
            keyspace.putCollection(db, key, meta.withSize(meta.size() - removed));
        }
        return Value.Int.of(removed);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** ZREM key member [member ...]: how many were removed; an emptied set is deleted. */
final class ZRem implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null) {
            return Value.Int.ZERO;
        }
        int db = session.db();
        long removed = 0;
        for (int i = 2; i < request.size(); i++) {
            byte[] member = request.bytes(i);
            Double score = ZSet.score(keyspace, db, key, member);
            if (score != null) {
                ZSet.remove(keyspace, db, key, member, score);
                removed++;
            }
        }
        if (removed > 0) {
            keyspace.putCollection(db, key, meta.withSize(meta.size() - removed));
        }
        return Value.Int.of(removed);
    }
}

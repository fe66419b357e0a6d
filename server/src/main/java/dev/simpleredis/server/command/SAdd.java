package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/**
 * SADD key member [member ...]: the number of members added. A set is one element record per
 * member: the element key is the member's bytes, the value empty.
 */
final class SAdd implements Command {

    static final byte[] NO_VALUE = new byte[0];

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        int db = session.db();
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.SET);
        long added = 0;
        for (int i = 2; i < request.size(); i++) {
            byte[] member = request.bytes(i);
            if (keyspace.element(db, key, member) == null) {
                keyspace.putElement(db, key, member, NO_VALUE);
                added++;
            }
        }
        if (added > 0) {
            Keyspace.Meta before = meta == null ? Keyspace.Meta.empty(KeyType.SET) : meta;
            keyspace.putCollection(db, key, before.withSize(before.size() + added));
        }
        return Value.Int.of(added);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * BLPOP, BRPOP key [key ...] timeout: pops from the head ({@code left}) or the tail of the first
 * key that holds a list, replying [key, element]; when none does, waits for one (a null array on
 * timeout, and at once inside MULTI or a script).
 */
record BlockingPop(boolean left) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long timeout = Block.timeout(request, request.size() - 1);
        List<byte[]> keys = new ArrayList<>(request.size() - 2);
        for (int i = 1; i < request.size() - 1; i++) {
            keys.add(request.bytes(i));
        }
        for (byte[] key : keys) {
            // a waiting client is served from lists only: a key turned into another type is passed over, as in Redis
            if (session.blocked() && keyspace.type(session.db(), key) != KeyType.LIST) {
                continue;
            }
            RedisList list = RedisList.find(keyspace, session.db(), key);
            if (list != null) {
                byte[] element = list.pop(left, 1).get(0);
                list.save();
                return Value.Array.of(new Value.Bulk(key), RedisList.value(element));
            }
        }
        return Block.await(session, keys, timeout, Value.Null.ARRAY);
    }
}

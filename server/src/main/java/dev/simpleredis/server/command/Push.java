package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * LPUSH, RPUSH, LPUSHX, RPUSHX key element [element ...]: the length after pushing, each element
 * in turn at the head ({@code left}) or the tail.
 *
 * @param left          push at the head
 * @param existingOnly  the X forms: push only onto a list that exists (else reply 0)
 */
record Push(boolean left, boolean existingOnly) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        RedisList list = existingOnly
                ? RedisList.find(keyspace, session.db(), key)
                : RedisList.findOrCreate(keyspace, session.db(), key);
        if (list == null) {
            return Value.Int.ZERO;
        }
        for (int i = 2; i < request.size(); i++) {
            list.push(left, RedisList.frame(request, i, session));
        }
        list.save();
        return Value.Int.of(list.size());
    }
}

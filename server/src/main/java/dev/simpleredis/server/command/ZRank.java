package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * ZRANK key member, and with {@code reverse} ZREVRANK: the member's position by score (from the
 * highest with reverse), null when absent. Found by counting the index records before (after)
 * the member: O(rank), where Redis's skiplist takes O(log n).
 */
record ZRank(boolean reverse) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        byte[] member = request.bytes(2);
        if (ZSet.meta(keyspace, session, key) == null) {
            return Value.Null.INSTANCE;
        }
        Double score = ZSet.score(keyspace, session.db(), key, member);
        if (score == null) {
            return Value.Null.INSTANCE;
        }
        byte[] at = ZSet.scoreKey(score, member);
        long[] rank = new long[1];
        ZSet.scan(keyspace, session.db(), key, reverse ? Keyspace.successor(at) : ZSet.FIRST, reverse ? ZSet.END : at, false, e -> {
            rank[0]++;
            return true;
        });
        return Value.Int.of(rank[0]);
    }
}

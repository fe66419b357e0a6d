package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * ZCOUNT key min max, and with {@code lex} ZLEXCOUNT key min max: how many members are in the
 * range. Counts by reading the range (Redis's skiplist counts in O(log n) by rank).
 */
record ZCount(boolean lex) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        ZSet.Range range = lex ? LexRange.parse(request, 2, 3) : ScoreRange.parse(request, 2, 3);
        if (ZSet.meta(keyspace, session, key) == null) {
            return Value.Int.ZERO;
        }
        long[] count = new long[1];
        range.walk(keyspace, session.db(), key, false, 0, -1, e -> {
            count[0]++;
            return true;
        });
        return Value.Int.of(count[0]);
    }
}

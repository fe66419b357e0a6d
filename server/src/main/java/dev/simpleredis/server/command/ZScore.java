package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** ZSCORE key member, and with {@code multi} ZMSCORE key member [member ...]: scores, null where absent. */
record ZScore(boolean multi) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        List<Value> scores = new ArrayList<>(request.size() - 2);
        for (int i = 2; i < request.size(); i++) {
            Double score = meta == null ? null : ZSet.score(keyspace, session.db(), key, request.bytes(i));
            scores.add(score == null ? Value.Null.INSTANCE : Scores.reply(score));
        }
        return multi ? new Value.Array(scores) : scores.get(0);
    }
}

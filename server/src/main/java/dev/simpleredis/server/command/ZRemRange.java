package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX key min max: removes the range, replies how many. */
record ZRemRange(ZRange.By by) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        long start = by == ZRange.By.RANK ? request.longArg(2) : 0;
        long stop = by == ZRange.By.RANK ? request.longArg(3) : 0;
        ZSet.Range range = ZRange.parse(by, request, 2, 3);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null) {
            return Value.Int.ZERO;
        }
        int db = session.db();
        List<ZSet.Entry> doomed = new ArrayList<>();
        if (range == null) {
            doomed = ZRange.byRank(keyspace, db, key, meta.size(), start, stop, false);
        } else {
            range.walk(keyspace, db, key, false, 0, -1, doomed::add);
        }
        if (!doomed.isEmpty()) {
            ZSet.removeAll(keyspace, db, key, doomed);
            keyspace.putCollection(db, key, meta.withSize(meta.size() - doomed.size()));
        }
        return Value.Int.of(doomed.size());
    }
}

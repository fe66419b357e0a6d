package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * ZPOPMIN / ZPOPMAX key [count]. Pops read only the entries they take, from the low end of the
 * index or, for the highest scores, from the high end; {@link MultiPop} takes from the first of
 * several keys the same way.
 */
record ZPop(boolean max) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 3) {
            throw CommandException.syntax();
        }
        long count = request.size() == 3 ? request.longAtLeast(2, 0, "ERR value is out of range, must be positive") : -1;
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null || count == 0) {
            return Value.Array.EMPTY;
        }
        List<ZSet.Entry> popped = take(keyspace, session.db(), key, meta, max, count < 0 ? 1 : count);
        // RESP3 pairs the members with their scores only when a count was given, as Redis 7 does
        if (count > 0 && ZSet.pairs(session)) {
            return ZSet.reply(popped, true, session);
        }
        List<Value> flat = new ArrayList<>(popped.size() * 2);
        for (ZSet.Entry e : popped) {
            flat.add(new Value.Bulk(e.member()));
            flat.add(Scores.reply(e.score()));
        }
        return new Value.Array(flat);
    }

    /**
     * Removes and returns up to {@code count} entries of the set at {@code key} (whose meta is
     * {@code meta}) from the low end, or with {@code max} the high end; an emptied set is deleted.
     */
    static List<ZSet.Entry> take(Keyspace keyspace, int db, byte[] key, Keyspace.Meta meta, boolean max, long count) {
        List<ZSet.Entry> taken = new ArrayList<>();
        ZSet.scan(keyspace, db, key, ZSet.FIRST, ZSet.END, max, e -> {
            taken.add(e);
            return taken.size() < count;
        });
        ZSet.removeAll(keyspace, db, key, taken);
        keyspace.putCollection(db, key, meta.withSize(meta.size() - taken.size()));
        return taken;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * ZPOPMIN / ZPOPMAX key [count], and with {@code blocking} BZPOPMIN / BZPOPMAX key [key ...]
 * timeout. Pops read only the entries they take, from the low end of the index or, for the
 * highest scores, from the high end.
 */
record ZPop(boolean max, boolean blocking) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        return blocking ? blockingPop(keyspace, session, request) : pop(keyspace, session, request);
    }

    private Value pop(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 3) {
            throw CommandException.syntax();
        }
        long count = request.size() == 3 ? request.longAtLeast(2, 0, "ERR value is out of range, must be positive") : -1;
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null || count == 0) {
            return Value.Array.EMPTY;
        }
        List<ZSet.Entry> popped = take(keyspace, session.db(), key, meta, count < 0 ? 1 : count);
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

    /** The first key, in order, that holds a set gives [key, member, score]; with none, the client waits. */
    private Value blockingPop(Keyspace keyspace, Session session, Request request) {
        long timeout = Block.timeout(request, request.size() - 1);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 1; i < request.size() - 1; i++) {
            byte[] key = request.bytes(i);
            keys.add(key);
            Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
            if (meta != null) {
                ZSet.Entry e = take(keyspace, session.db(), key, meta, 1).get(0);
                return Value.Array.of(new Value.Bulk(key), new Value.Bulk(e.member()), Scores.reply(e.score()));
            }
        }
        return Block.await(session, keys, timeout, Value.Null.ARRAY);
    }

    /** Removes and returns up to {@code count} entries from the low end, or the high end for max. */
    private List<ZSet.Entry> take(Keyspace keyspace, int db, byte[] key, Keyspace.Meta meta, long count) {
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

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZRANDMEMBER key [count [WITHSCORES]]. Members are reached by rank, so a pick reads the index
 * up to the highest rank chosen (Redis's is O(1) per pick): one random member reads from the
 * nearer end of the index, a count reads it once, up to its highest pick.
 */
final class ZRandMember implements Command {

    /** The most members a negative count (repeats allowed) may ask for: the reply is built in memory. */
    static final long MAX_REPEATED = 10_000_000;

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        if (request.size() == 2) {
            Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
            if (meta == null) {
                return Value.Null.INSTANCE;
            }
            long rank = ThreadLocalRandom.current().nextLong(meta.size());
            return new Value.Bulk(ZSet.byRank(keyspace, session.db(), key, meta.size(), rank, rank, false).get(0).member());
        }
        long count = request.longArg(2);
        if (count == Long.MIN_VALUE) {
            throw new CommandException("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        if (request.size() > 4 || (request.size() == 4 && !request.is(3, "withscores"))) {
            throw CommandException.syntax();
        }
        boolean withScores = request.size() == 4;
        if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw new CommandException("ERR value is out of range");
        }
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null || count == 0) {
            return Value.Array.EMPTY;
        }
        long size = meta.size();
        if (count >= size) {
            // the whole set, highest score first, as Redis's iteration gives it
            return ZSet.reply(ZSet.byRank(keyspace, session.db(), key, size, 0, size - 1, true), withScores, session);
        }
        if (-count > MAX_REPEATED) {
            throw new CommandException("ERR count is out of range: at most " + MAX_REPEATED + " members with repeats");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] picks;
        if (count > 0) {
            // distinct ranks (Floyd's sampling), replied in order, as Redis does for a small set
            Set<Long> chosen = new HashSet<>();
            for (long j = size - count; j < size; j++) {
                long r = random.nextLong(j + 1);
                chosen.add(chosen.contains(r) ? j : r);
            }
            picks = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
        } else {
            picks = new long[(int) -count];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = random.nextLong(size);
            }
        }
        long[] ranks = Arrays.stream(picks).distinct().sorted().toArray();
        Map<Long, ZSet.Entry> byRank = new HashMap<>();
        long[] rank = new long[1];
        int[] next = new int[1];
        ZSet.scan(keyspace, session.db(), key, ZSet.FIRST, ZSet.END, false, e -> {
            if (rank[0]++ == ranks[next[0]]) {
                byRank.put(ranks[next[0]++], e);
            }
            return next[0] < ranks.length;
        });
        List<ZSet.Entry> entries = new ArrayList<>(picks.length);
        for (long r : picks) {
            entries.add(byRank.get(r));
        }
        return ZSet.reply(entries, withScores, session);
    }
}

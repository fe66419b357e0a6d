package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES], its older
 * fixed forms ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, and
 * ZRANGESTORE dst src ... (with {@code store}), parsed as Redis's {@code zrangeGenericCommand}.
 *
 * @param by      how the range is given; null for ZRANGE and ZRANGESTORE, where BYSCORE / BYLEX say
 * @param reverse highest score first; for ZRANGE, ZRANGESTORE the REV option says
 */
record ZRange(By by, boolean reverse, boolean store) implements Command {

    enum By { RANK, SCORE, LEX }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        int keyIndex = store ? 2 : 1;
        byte[] key = request.bytes(keyIndex);
        By type = by;
        boolean rev = reverse;
        boolean revGiven = by != null;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < request.size(); j++) {
            int left = request.size() - j - 1;
            if (!store && request.is(j, "withscores")) {
                withScores = true;
            } else if (request.is(j, "limit") && left >= 2) {
                offset = request.longArg(j + 1);
                limit = request.longArg(j + 2);
                j += 2;
            } else if (!revGiven && request.is(j, "rev")) {
                rev = true;
                revGiven = true;
            } else if (type == null && request.is(j, "bylex")) {
                type = By.LEX;
            } else if (type == null && request.is(j, "byscore")) {
                type = By.SCORE;
            } else {
                throw CommandException.syntax();
            }
        }
        if (type == null) {
            type = By.RANK;
        }
        if (limit != -1 && type == By.RANK) {
            throw new CommandException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == By.LEX) {
            throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        // BYSCORE and BYLEX in reverse take the range as max, min
        int minIndex = keyIndex + (rev && type != By.RANK ? 2 : 1);
        int maxIndex = keyIndex + (rev && type != By.RANK ? 1 : 2);
        long start = type == By.RANK ? request.longArg(minIndex) : 0;
        long stop = type == By.RANK ? request.longArg(maxIndex) : 0;
        ZSet.Range range = parse(type, request, minIndex, maxIndex);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        List<ZSet.Entry> entries = new ArrayList<>();
        if (meta != null && range == null) {
            entries = byRank(keyspace, session.db(), key, meta.size(), start, stop, rev);
        } else if (meta != null) {
            range.walk(keyspace, session.db(), key, rev, offset, limit, entries::add);
        }
        if (store) {
            return Value.Int.of(ZSet.store(keyspace, session.db(), request.bytes(1), entries));
        }
        return ZSet.reply(entries, withScores, session);
    }

    /** The range by score or member of arguments {@code minIndex}, {@code maxIndex}; null for ranks. */
    static ZSet.Range parse(By by, Request request, int minIndex, int maxIndex) {
        return switch (by) {
            case RANK -> null;
            case SCORE -> ScoreRange.parse(request, minIndex, maxIndex);
            case LEX -> LexRange.parse(request, minIndex, maxIndex);
        };
    }

    /** Ranks {@code start} to {@code stop} with Redis's rules: negative counts from the end, clamped to the set. */
    static List<ZSet.Entry> byRank(Keyspace keyspace, int db, byte[] key, long size, long start, long stop, boolean reverse) {
        if (start < 0) {
            start = size + start;
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= size) {
            return new ArrayList<>();
        }
        return ZSet.byRank(keyspace, db, key, size, start, Math.min(stop, size - 1), reverse);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.server.Keyspace;

/**
 * A range of scores as ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE take it: {@code min} and
 * {@code max}, each inclusive unless written with a leading {@code (}.
 */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements ZSet.Range {

    /** The range of arguments {@code minIndex} and {@code maxIndex}, with Redis's error. */
    static ScoreRange parse(Request request, int minIndex, int maxIndex) {
        byte[] min = request.bytes(minIndex);
        byte[] max = request.bytes(maxIndex);
        boolean minExclusive = min.length > 0 && min[0] == '(';
        boolean maxExclusive = max.length > 0 && max[0] == '(';
        Double lo = Scores.parseBound(min, minExclusive ? 1 : 0);
        Double hi = Scores.parseBound(max, maxExclusive ? 1 : 0);
        if (lo == null || hi == null) {
            throw new CommandException("ERR min or max is not a float");
        }
        return new ScoreRange(lo, minExclusive, hi, maxExclusive);
    }

    /** Reads the index from the first record in range on (from the last, in reverse). */
    @Override
    public void walk(Keyspace keyspace, int db, byte[] key, boolean reverse, long offset, long limit, ZSet.EntryVisitor visitor) {
        if (offset < 0 || limit == 0) {
            return;
        }
        long[] skipped = new long[1];
        long[] taken = new long[1];
        ZSet.scan(keyspace, db, key, ZSet.scoreBound(min, minExclusive), ZSet.scoreBound(max, !maxExclusive), reverse, e -> {
            if (skipped[0] < offset) {
                skipped[0]++;
                return true;
            }
            return visitor.visit(e) && (limit < 0 || ++taken[0] < limit);
        });
    }
}

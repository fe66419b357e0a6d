package dev.simpleredis.server.command;

import dev.simpleredis.server.Keyspace;
import java.util.Arrays;

/**
 * A range of members as ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX take it: each bound {@code [x}
 * (inclusive), {@code (x} (exclusive), {@code -} or {@code +} (the ends). Meant for sets whose
 * members all have the same score.
 */
record LexRange(Bound min, Bound max) implements ZSet.Range {

    /** One bound; {@code end} is -1 for {@code -}, 1 for {@code +}, 0 for a member. */
    record Bound(byte[] value, boolean exclusive, int end) {

        static Bound parse(byte[] arg) {
            if (arg.length > 0 && (arg[0] == '-' || arg[0] == '+') && (arg.length == 1 || arg[1] == 0)) {
                return new Bound(new byte[0], true, arg[0] == '-' ? -1 : 1);
            }
            if (arg.length > 0 && (arg[0] == '(' || arg[0] == '[')) {
                return new Bound(Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '(', 0);
            }
            return null;
        }

        /** Compares as Redis's {@code sdscmplex}: {@code -} below every member, {@code +} above. */
        int compareTo(Bound other) {
            if (end != 0 || other.end != 0) {
                return Integer.compare(end, other.end);
            }
            return Arrays.compareUnsigned(value, other.value);
        }
    }

    /** The range of arguments {@code minIndex} and {@code maxIndex}, with Redis's error. */
    static LexRange parse(Request request, int minIndex, int maxIndex) {
        Bound min = Bound.parse(request.bytes(minIndex));
        Bound max = Bound.parse(request.bytes(maxIndex));
        if (min == null || max == null) {
            throw new CommandException("ERR min or max not valid string range item");
        }
        return new LexRange(min, max);
    }

    boolean isEmpty() {
        int cmp = min.compareTo(max);
        return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
    }

    boolean aboveMin(byte[] member) {
        if (min.end != 0) {
            return min.end < 0;
        }
        int cmp = Arrays.compareUnsigned(member, min.value);
        return min.exclusive ? cmp > 0 : cmp >= 0;
    }

    boolean belowMax(byte[] member) {
        if (max.end != 0) {
            return max.end > 0;
        }
        int cmp = Arrays.compareUnsigned(member, max.value);
        return max.exclusive ? cmp < 0 : cmp <= 0;
    }

    /**
     * The walk Redis makes over a small set: from the lowest entry to the first member
     * at or above the minimum, then on while members are at or below the maximum (mirrored for
     * {@code reverse}); the offset skips entries without checking them. When all scores are
     * equal, as the commands expect, that walk starts at the minimum, so it begins with a seek to
     * the minimum within the first entry's score and reads only what it returns. With scores that
     * differ, Redis leaves the result unspecified; this gives what Redis gives for a small set.
     */
    @Override
    public void walk(Keyspace keyspace, int db, byte[] key, boolean reverse, long offset, long limit, ZSet.EntryVisitor visitor) {
        if (offset < 0 || limit == 0 || isEmpty()) {
            return;
        }
        ZSet.Entry first = ZSet.end(keyspace, db, key, false);
        ZSet.Entry last = ZSet.end(keyspace, db, key, true);
        if (first == null || !aboveMin(last.member()) || !belowMax(first.member())) {
            return;
        }
        byte[] from;
        byte[] to;
        if (reverse) {
            from = ZSet.FIRST;
            to = max.end > 0 ? ZSet.scoreBound(last.score(), true)
                    : ZSet.scoreKey(last.score(), max.exclusive ? max.value : Keyspace.successor(max.value));
        } else {
            from = min.end < 0 ? ZSet.scoreBound(first.score(), false)
                    : ZSet.scoreKey(first.score(), min.exclusive ? Keyspace.successor(min.value) : min.value);
            to = ZSet.END;
        }
        boolean[] started = new boolean[1];
        long[] skipped = new long[1];
        long[] taken = new long[1];
        ZSet.scan(keyspace, db, key, from, to, reverse, e -> {
            if (!started[0]) {
                if (!(reverse ? belowMax(e.member()) : aboveMin(e.member()))) {
                    return true;
                }
                started[0] = true;
                if (!(reverse ? aboveMin(e.member()) : belowMax(e.member()))) {
                    return false;
                }
            }
            if (skipped[0] < offset) {
                skipped[0]++;
                return true;
            }
            if (!(reverse ? aboveMin(e.member()) : belowMax(e.member()))) {
                return false;
            }
            return visitor.visit(e) && (limit < 0 || ++taken[0] < limit);
        });
    }
}

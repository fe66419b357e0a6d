package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A sorted set's layout on the keyspace, and what its commands share. Per member two element
 * records:
 * <ul>
 * <li>{@code 'm'} + member: the score (8 bytes, IEEE), so ZSCORE and ZADD find a member's score
 *     with one read;</li>
 * <li>{@code 's'} + sortable score (8 bytes) + member, empty: the index in Redis's order, score
 *     then member bytes, as the engine's unsigned byte order. Ranges by score seek straight to
 *     their first record.</li>
 * </ul>
 * The meta record's size is the number of members. -0 is stored as 0, as Redis's compact
 * encoding of small sets does.
 */
final class ZSet {

    static final byte MEMBER = 'm';
    static final byte SCORE = 's';
    /** The element keys of the score index lie in [{@code FIRST}, {@code END}). */
    static final byte[] FIRST = {SCORE};
    static final byte[] END = {SCORE + 1};
    private static final byte[] NO_VALUE = new byte[0];

    private ZSet() {
    }

    /** A member and its score. */
    record Entry(byte[] member, double score) {
    }

    /** The sorted set's meta, null when the key does not exist; WRONGTYPE for another type. */
    static Keyspace.Meta meta(Keyspace keyspace, Session session, byte[] key) {
        return keyspace.collection(session.db(), key, KeyType.ZSET);
    }

    /** The meta to write back after changing {@code meta} (null for a new set) to {@code size} members. */
    static Keyspace.Meta resized(Keyspace.Meta meta, long size) {
        return (meta == null ? Keyspace.Meta.empty(KeyType.ZSET) : meta).withSize(size);
    }

    /** A member's score, or null. */
    static Double score(Keyspace keyspace, int db, byte[] key, byte[] member) {
        byte[] stored = keyspace.element(db, key, memberKey(member));
        return stored == null ? null : ByteBuffer.wrap(stored).getDouble();
    }

    /** Sets a member's score; {@code old} is its current score, null when it is new. */
    static void put(Keyspace keyspace, int db, byte[] key, byte[] member, Double old, double score) {
        double normalized = score == 0 ? 0.0 : score;
        if (old != null) {
            keyspace.deleteElement(db, key, scoreKey(old, member));
        }
        keyspace.putElement(db, key, memberKey(member), ByteBuffer.allocate(8).putDouble(normalized).array());
        keyspace.putElement(db, key, scoreKey(normalized, member), NO_VALUE);
    }

    /** Removes a member with score {@code score}. */
    static void remove(Keyspace keyspace, int db, byte[] key, byte[] member, double score) {
        keyspace.deleteElement(db, key, memberKey(member));
        keyspace.deleteElement(db, key, scoreKey(score, member));
    }

    /** Removes the members of {@code entries}, all of them in the set. */
    static void removeAll(Keyspace keyspace, int db, byte[] key, List<Entry> entries) {
        for (Entry e : entries) {
            remove(keyspace, db, key, e.member, e.score);
        }
    }

    /**
     * Replaces whatever {@code key} holds (any type, its expiry too) with a sorted set of
     * {@code entries} (distinct members), or deletes it when there are none, as the STORE
     * commands do; returns the number of members.
     */
    static long store(Keyspace keyspace, int db, byte[] key, List<Entry> entries) {
        keyspace.delete(db, List.of(key));
        for (Entry e : entries) {
            put(keyspace, db, key, e.member, null, e.score);
        }
        keyspace.putCollection(db, key, resized(null, entries.size()));
        return entries.size();
    }

    static byte[] memberKey(byte[] member) {
        byte[] k = new byte[member.length + 1];
        k[0] = MEMBER;
        System.arraycopy(member, 0, k, 1, member.length);
        return k;
    }

    static byte[] scoreKey(double score, byte[] member) {
        byte[] k = new byte[member.length + 9];
        k[0] = SCORE;
        ByteBuffer.wrap(k, 1, 8).putLong(sortable(score));
        System.arraycopy(member, 0, k, 9, member.length);
        return k;
    }

    /** The first index key of score {@code score}, or, with {@code after}, the first past it. */
    static byte[] scoreBound(double score, boolean after) {
        long bits = sortable(score);
        return ByteBuffer.allocate(9).put(SCORE).putLong(after ? bits + 1 : bits).array();
    }

    /**
     * The score's IEEE bits made to sort as unsigned bytes in numeric order: negatives have every
     * bit flipped (larger magnitude sorts lower), positives the sign bit.
     */
    static long sortable(double score) {
        long bits = Double.doubleToRawLongBits(score == 0 ? 0.0 : score);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    /** The entry an index record stands for. */
    static Entry entry(byte[] scoreKey) {
        long bits = ByteBuffer.wrap(scoreKey, 1, 8).getLong();
        bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
        return new Entry(Arrays.copyOfRange(scoreKey, 9, scoreKey.length), Double.longBitsToDouble(bits));
    }

    /** The entry a member record stands for. */
    static Entry memberEntry(byte[] memberKey, byte[] value) {
        return new Entry(Arrays.copyOfRange(memberKey, 1, memberKey.length), ByteBuffer.wrap(value).getDouble());
    }

    /** The first entry in score order, or with {@code last} the last one; null when the set is empty. */
    static Entry end(Keyspace keyspace, int db, byte[] key, boolean last) {
        Entry[] found = new Entry[1];
        Keyspace.ElementVisitor take = (sub, value) -> {
            found[0] = entry(sub);
            return false;
        };
        if (last) {
            keyspace.scanElementsDescending(db, key, FIRST, END, take);
        } else {
            keyspace.scanElements(db, key, FIRST, END, take);
        }
        return found[0];
    }

    /**
     * Visits the entries from index key {@code from} (inclusive) to {@code to} (exclusive) in
     * score order, or the other way with {@code descending}, until the visitor returns false.
     */
    static void scan(Keyspace keyspace, int db, byte[] key, byte[] from, byte[] to, boolean descending, EntryVisitor visitor) {
        if (Arrays.compareUnsigned(from, to) >= 0) {
            return;
        }
        Keyspace.ElementVisitor v = (sub, value) -> visitor.visit(entry(sub));
        if (descending) {
            keyspace.scanElementsDescending(db, key, from, to, v);
        } else {
            keyspace.scanElements(db, key, from, to, v);
        }
    }

    /** Sees one entry of a {@link #scan}. */
    @FunctionalInterface
    interface EntryVisitor {
        boolean visit(Entry entry);
    }

    /** A range by score or by member ({@link ScoreRange}, {@link LexRange}). */
    sealed interface Range permits ScoreRange, LexRange {

        /**
         * Visits the entries in the range in order (the other way with {@code reverse}),
         * skipping the first {@code offset}, at most {@code limit} of them (negative: no limit),
         * until the visitor returns false. As in Redis, a negative offset yields nothing.
         */
        void walk(Keyspace keyspace, int db, byte[] key, boolean reverse, long offset, long limit, EntryVisitor visitor);
    }

    /**
     * The entries of ranks {@code start} to {@code end} (inclusive, 0 &lt;= start &lt;= end &lt; size),
     * counted from the lowest score, or from the highest with {@code descending}. Walks from
     * whichever end of the index is nearer, so it reads at most half the set plus the range.
     */
    static List<Entry> byRank(Keyspace keyspace, int db, byte[] key, long size, long start, long end, boolean descending) {
        long fromOtherEnd = size - 1 - end;
        boolean flip = fromOtherEnd < start;
        long skip = flip ? fromOtherEnd : start;
        long take = end - start + 1;
        List<Entry> out = new ArrayList<>();
        long[] seen = new long[1];
        scan(keyspace, db, key, FIRST, END, descending != flip, e -> {
            if (seen[0]++ >= skip) {
                out.add(e);
            }
            return out.size() < take;
        });
        if (flip) {
            Collections.reverse(out);
        }
        return out;
    }

    /** Whether replies pair each member with its score, as RESP3 (and the seed dialect) do. */
    static boolean pairs(Session session) {
        return session.dialect() != Dialect.RESP2;
    }

    /** An entry as [member, score]. */
    static Value pair(Entry e) {
        return Value.Array.of(new Value.Bulk(e.member), Scores.reply(e.score));
    }

    /**
     * Members, or members with scores: flat ({@code member score ...}) in RESP2, pairs
     * ({@code [member, score] ...}) in RESP3, as Redis 7 replies.
     */
    static Value reply(List<Entry> entries, boolean withScores, Session session) {
        List<Value> items = new ArrayList<>(withScores && !pairs(session) ? entries.size() * 2 : entries.size());
        for (Entry e : entries) {
            Value member = new Value.Bulk(e.member);
            if (!withScores) {
                items.add(member);
            } else if (pairs(session)) {
                items.add(pair(e));
            } else {
                items.add(member);
                items.add(Scores.reply(e.score));
            }
        }
        return new Value.Array(items);
    }
}

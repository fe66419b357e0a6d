package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE destination numkeys key [key ...] ({@link Output#STORE}),
 * ZUNION / ZINTER / ZDIFF numkeys key [key ...] [WITHSCORES] ({@link Output#REPLY}), and ZINTERCARD
 * numkeys key [key ...] [LIMIT limit] ({@link Output#CARDINALITY}); a union or intersection that
 * stores or replies also takes [WEIGHTS weight ...] [AGGREGATE SUM | MIN | MAX]. Plain sets count
 * as sorted sets whose members all score 1. Computed as Redis does: a union or intersection takes
 * its inputs from the smallest; an intersection walks the smallest input and looks each member
 * up in the others; weighted scores that are NaN (0 times infinity) count as 0, and so does a sum
 * of infinities of both signs. A difference is the members of the first input, with their scores,
 * that no other input has.
 */
record ZSetOp(SetOperation.Op op, Output output) implements Command {

    /** What becomes of the result. */
    enum Output { STORE, REPLY, CARDINALITY }

    private static final CommandException NOT_FLOAT = new CommandException("ERR weight value is not a float");

    enum Aggregate { SUM, MIN, MAX }

    /** One input: a sorted set, a set, or a missing key (size 0). */
    private record Source(byte[] key, KeyType type, long size, double weight) {
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        int numKeysIndex = output == Output.STORE ? 2 : 1;
        long numKeys = request.longArg(numKeysIndex);
        if (numKeys < 1) {
            throw new CommandException("ERR at least 1 input key is needed for '" + request.name() + "' command");
        }
        if (numKeys > request.size() - numKeysIndex - 1) {
            throw CommandException.syntax();
        }
        int db = session.db();
        int n = (int) numKeys;
        byte[][] keys = new byte[n][];
        KeyType[] types = new KeyType[n];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = request.bytes(numKeysIndex + 1 + i);
            types[i] = keyspace.type(db, keys[i]);
            if (types[i] != null && types[i] != KeyType.ZSET && types[i] != KeyType.SET) {
                throw Strings.wrongType();
            }
            sizes[i] = types[i] == null ? 0 : keyspace.collection(db, keys[i], types[i]).size();
        }
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0);
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        // as in Redis, WEIGHTS and AGGREGATE are syntax errors for a difference and for ZINTERCARD
        boolean weighs = op != SetOperation.Op.DIFF && output != Output.CARDINALITY;
        for (int j = numKeysIndex + 1 + n; j < request.size(); j++) {
            int remaining = request.size() - j;
            if (weighs && remaining >= n + 1 && request.is(j, "weights")) {
                for (int i = 0; i < n; i++) {
                    weights[i] = Scores.parse(request.bytes(++j), NOT_FLOAT);
                }
            } else if (weighs && remaining >= 2 && request.is(j, "aggregate")) {
                j++;
                if (request.is(j, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (request.is(j, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (request.is(j, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw CommandException.syntax();
                }
            } else if (output == Output.REPLY && request.is(j, "withscores")) {
                withScores = true;
            } else if (output == Output.CARDINALITY && remaining >= 2 && request.is(j, "limit")) {
                limit = request.longAtLeast(++j, 0, "ERR LIMIT can't be negative");
            } else {
                throw CommandException.syntax();
            }
        }
        List<Source> sources = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sources.add(new Source(keys[i], types[i], sizes[i], weights[i]));
        }
        List<ZSet.Entry> result = switch (op) {
            case INTER -> intersect(keyspace, db, bySize(sources), aggregate, limit);
            case UNION -> union(keyspace, db, bySize(sources), aggregate);
            case DIFF -> difference(keyspace, db, sources);
        };
        return switch (output) {
            case STORE -> Value.Int.of(ZSet.store(keyspace, db, request.bytes(1), result));
            case CARDINALITY -> Value.Int.of(result.size());
            case REPLY -> {
                result.sort(Comparator.comparingDouble(ZSet.Entry::score)
                        .thenComparing(ZSet.Entry::member, Arrays::compareUnsigned));
                yield ZSet.reply(result, withScores, session);
            }
        };
    }

    private static List<Source> bySize(List<Source> sources) {
        List<Source> sorted = new ArrayList<>(sources);
        sorted.sort(Comparator.comparingLong(Source::size));
        return sorted;
    }

    /** The members of every input, up to {@code limit} of them (0: all). */
    private static List<ZSet.Entry> intersect(Keyspace keyspace, int db, List<Source> sources, Aggregate aggregate,
                                              long limit) {
        List<ZSet.Entry> result = new ArrayList<>();
        Source smallest = sources.get(0);
        if (smallest.size == 0) {
            return result;
        }
        each(keyspace, db, smallest, (member, score) -> {
            double total = weighted(smallest.weight, score);
            for (int j = 1; j < sources.size(); j++) {
                Double other = score(keyspace, db, sources.get(j), member);
                if (other == null) {
                    return true;
                }
                // as in Redis, only the first input's weighted score has NaN made 0
                total = aggregate(aggregate, total, other * sources.get(j).weight);
            }
            result.add(new ZSet.Entry(member, total));
            return limit == 0 || result.size() < limit;
        });
        return result;
    }

    /** The members of the first input that no other input has, with their scores in the first. */
    private static List<ZSet.Entry> difference(Keyspace keyspace, int db, List<Source> sources) {
        List<ZSet.Entry> result = new ArrayList<>();
        Source first = sources.get(0);
        if (first.size == 0) {
            return result;
        }
        each(keyspace, db, first, (member, score) -> {
            for (Source other : sources.subList(1, sources.size())) {
                if (other.size > 0 && score(keyspace, db, other, member) != null) {
                    return true;
                }
            }
            result.add(new ZSet.Entry(member, score));
            return true;
        });
        return result;
    }

    private static List<ZSet.Entry> union(Keyspace keyspace, int db, List<Source> sources, Aggregate aggregate) {
        Map<String, ZSet.Entry> accumulated = new LinkedHashMap<>();
        for (Source source : sources) {
            if (source.size == 0) {
                continue;
            }
            each(keyspace, db, source, (member, score) -> {
                double value = weighted(source.weight, score);
                accumulated.merge(new String(member, StandardCharsets.ISO_8859_1), new ZSet.Entry(member, value),
                        (old, added) -> new ZSet.Entry(old.member(), aggregate(aggregate, old.score(), value)));
                return true;
            });
        }
        return new ArrayList<>(accumulated.values());
    }

    private static double weighted(double weight, double score) {
        double value = weight * score;
        return Double.isNaN(value) ? 0 : value;
    }

    /** Redis's {@code zunionInterAggregate}: a NaN sum is 0; MIN and MAX keep the total when the value is NaN. */
    private static double aggregate(Aggregate aggregate, double total, double value) {
        return switch (aggregate) {
            case SUM -> Double.isNaN(total + value) ? 0 : total + value;
            case MIN -> value < total ? value : total;
            case MAX -> value > total ? value : total;
        };
    }

    @FunctionalInterface
    private interface MemberVisitor {
        /** Sees a member; false stops the walk. */
        boolean visit(byte[] member, double score);
    }

    /** The members of a sorted set with their scores, or of a set with score 1, until the visitor says stop. */
    private static void each(Keyspace keyspace, int db, Source source, MemberVisitor visitor) {
        if (source.type == KeyType.ZSET) {
            keyspace.scanElements(db, source.key, new byte[] {ZSet.MEMBER}, new byte[] {ZSet.MEMBER + 1}, (sub, value) -> {
                ZSet.Entry e = ZSet.memberEntry(sub, value);
                return visitor.visit(e.member(), e.score());
            });
        } else {
            keyspace.scanElements(db, source.key, null, null, (member, value) -> visitor.visit(member, 1));
        }
    }

    /** A member's score in an input, 1 in a set, null when absent. */
    private static Double score(Keyspace keyspace, int db, Source source, byte[] member) {
        if (source.type == KeyType.ZSET) {
            return ZSet.score(keyspace, db, source.key, member);
        }
        // a set's element key is the member itself
        return keyspace.element(db, source.key, member) == null ? null : 1.0;
    }
}

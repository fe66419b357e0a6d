package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * SINTER, SUNION and SDIFF key [key ...]: the resulting set, members in byte order (SMEMBERS key
 * is SINTER of one key); SINTERSTORE, SUNIONSTORE and SDIFFSTORE destination key [key ...]: store
 * it in destination, replacing whatever was there (an empty result deletes it), and reply its
 * size. A missing key counts as an empty set; every key is type-checked first.
 */
record SetOperation(Op op, boolean store) implements Command {

    enum Op { INTER, UNION, DIFF }

    /** Members read at a time when the store is consulted between reads. */
    private static final int CHUNK = 256;

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        int db = session.db();
        List<byte[]> members = compute(keyspace, db, op, Del.keys(request, store ? 2 : 1, 1), 0);
        if (!store) {
            List<Value> reply = new ArrayList<>(members.size());
            for (byte[] member : members) {
                reply.add(new Value.Bulk(member));
            }
            return new Value.Set(reply);
        }
        byte[] destination = request.bytes(1);
        keyspace.delete(db, List.of(destination));
        for (byte[] member : members) {
            keyspace.putElement(db, destination, member, SAdd.NO_VALUE);
        }
        keyspace.putCollection(db, destination, Keyspace.Meta.empty(KeyType.SET).withSize(members.size()));
        return Value.Int.of(members.size());
    }

    /**
     * The members of {@code op} over the sets {@code keys}, in byte order; with a {@code limit}
     * above 0 no more than that many (SINTERCARD's LIMIT: the work stops there too).
     */
    static List<byte[]> compute(Keyspace keyspace, int db, Op op, List<byte[]> keys, long limit) {
        Keyspace.Meta[] metas = new Keyspace.Meta[keys.size()];
        for (int i = 0; i < metas.length; i++) {
            metas[i] = keyspace.collection(db, keys.get(i), KeyType.SET);
        }
        List<byte[]> result = new ArrayList<>();
        Predicate<byte[]> add = member -> {
            result.add(member);
            return limit <= 0 || result.size() < limit;
        };
        switch (op) {
            case INTER -> {
                int smallest = 0;
                for (int i = 0; i < metas.length; i++) {
                    if (metas[i] == null) {
                        return result;
                    }
                    if (metas[i].size() < metas[smallest].size()) {
                        smallest = i;
                    }
                }
                byte[] base = keys.get(smallest);
                members(keyspace, db, base, member -> !inAll(keyspace, db, keys, base, member) || add.test(member));
            }
            case DIFF -> {
                if (metas[0] != null) {
                    List<byte[]> others = new ArrayList<>();
                    for (int i = 1; i < metas.length; i++) {
                        if (metas[i] != null) {
                            others.add(keys.get(i));
                        }
                    }
                    members(keyspace, db, keys.getFirst(), member -> inAny(keyspace, db, others, member) || add.test(member));
                }
            }
            case UNION -> {
                TreeSet<byte[]> union = new TreeSet<>(Arrays::compareUnsigned);
                for (int i = 0; i < metas.length; i++) {
                    if (metas[i] != null) {
                        keyspace.scanElements(db, keys.get(i), null, null, (member, value) -> union.add(member) || true);
                    }
                }
                result.addAll(union);
            }
        }
        return result;
    }

    private static boolean inAll(Keyspace keyspace, int db, List<byte[]> keys, byte[] except, byte[] member) {
        for (byte[] key : keys) {
            if (key != except && keyspace.element(db, key, member) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean inAny(Keyspace keyspace, int db, List<byte[]> keys, byte[] member) {
        for (byte[] key : keys) {
            if (keyspace.element(db, key, member) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Visits the members of set {@code key} in byte order until {@code visitor} returns false,
     * reading {@link #CHUNK} at a time so that the visitor may read the store (a scan's visitor
     * must not).
     */
    private static void members(Keyspace keyspace, int db, byte[] key, Predicate<byte[]> visitor) {
        byte[] from = null;
        while (true) {
            List<byte[]> chunk = new ArrayList<>(CHUNK);
            keyspace.scanElements(db, key, from, null, (member, value) -> {
                chunk.add(member);
                return chunk.size() < CHUNK;
            });
            for (byte[] member : chunk) {
                if (!visitor.test(member)) {
                    return;
                }
            }
            if (chunk.size() < CHUNK) {
                return;
            }
            from = Keyspace.successor(chunk.getLast());
        }
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The pops that take from the first of several keys that holds a list or a sorted set:
 * <ul>
 * <li>BLPOP, BRPOP, BZPOPMIN, BZPOPMAX key [key ...] timeout: one element, replied [key, element]
 *     or [key, member, score];</li>
 * <li>LMPOP, ZMPOP numkeys key [key ...] LEFT|RIGHT or MIN|MAX [COUNT count], and BLMPOP, BZMPOP
 *     timeout numkeys ...: up to count elements, replied [key, [element ...]] or
 *     [key, [[member, score] ...]].</li>
 * </ul>
 * When no key holds one the reply is a null array, or a blocking form waits for a write to one of
 * its keys and is run again for it (inside MULTI or a script it answers at once).
 *
 * @param type     {@link KeyType#LIST} or {@link KeyType#ZSET}
 * @param numKeys  whether the keys follow a numkeys argument and an end argument (the MPOP forms)
 * @param blocking whether to wait: the timeout is the last argument, or with numkeys the first
 * @param tail     without numkeys, whether to pop from the tail, or the highest scores (BRPOP, BZPOPMAX)
 */
record MultiPop(KeyType type, boolean numKeys, boolean blocking, boolean tail) implements Command {

    /** BLPOP and BRPOP (lists), BZPOPMIN and BZPOPMAX (sorted sets): key [key ...] timeout. */
    static MultiPop keysThenTimeout(KeyType type, boolean tail) {
        return new MultiPop(type, false, true, tail);
    }

    /** LMPOP and ZMPOP, or with {@code blocking} BLMPOP and BZMPOP: [timeout] numkeys key [key ...] end [COUNT count]. */
    static MultiPop withNumKeys(KeyType type, boolean blocking) {
        return new MultiPop(type, true, blocking, false);
    }

    /** A key that holds the type, with its meta. */
    private record Source(byte[] key, Keyspace.Meta meta) {
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        List<byte[]> keys;
        boolean fromTail = tail;
        long count = 1;
        long timeout;
        if (numKeys) {
            int numKeysIndex = blocking ? 2 : 1;
            long n = request.longAtLeast(numKeysIndex, 1, "ERR numkeys should be greater than 0");
            if (n > request.size() - numKeysIndex - 2) {
                throw CommandException.syntax(); // no room for the end argument after the keys
            }
            keys = keys(request, numKeysIndex + 1, (int) n);
            int endIndex = numKeysIndex + 1 + (int) n;
            fromTail = tailNamed(request, endIndex);
            boolean counted = false;
            for (int i = endIndex + 1; i < request.size(); i++) {
                if (!counted && request.is(i, "count") && i + 1 < request.size()) {
                    count = request.longAtLeast(++i, 1, "ERR count should be greater than 0");
                    counted = true;
                } else {
                    throw CommandException.syntax();
                }
            }
            // Redis reads the timeout after the other arguments, before any key
            timeout = blocking ? Block.timeout(request, 1) : 0;
        } else {
            timeout = Block.timeout(request, request.size() - 1);
            keys = keys(request, 1, request.size() - 2);
        }
        Source found = first(keyspace, session, keys);
        if (found == null) {
            return blocking ? Block.await(session, type, keys, timeout, Value.Null.ARRAY) : Value.Null.ARRAY;
        }
        return pop(keyspace, session.db(), found, fromTail, count);
    }

    private static List<byte[]> keys(Request request, int from, int count) {
        List<byte[]> keys = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            keys.add(request.bytes(i));
        }
        return keys;
    }

    /** The end argument: LEFT or MIN is the head, RIGHT or MAX the tail; anything else is a syntax error. */
    private boolean tailNamed(Request request, int i) {
        boolean list = type == KeyType.LIST;
        if (request.is(i, list ? "left" : "min")) {
            return false;
        }
        if (request.is(i, list ? "right" : "max")) {
            return true;
        }
        throw CommandException.syntax();
    }

    /**
     * The first of {@code keys} that holds the type, or null. A key of another type before it is
     * WRONGTYPE, as Redis checks the keys in turn, except when the command runs again for a
     * waiting client: Redis serves one only from a key of the type it waits for.
     */
    private Source first(Keyspace keyspace, Session session, List<byte[]> keys) {
        for (byte[] key : keys) {
            if (session.blocked() && keyspace.type(session.db(), key) != type) {
                continue;
            }
            Keyspace.Meta meta = keyspace.collection(session.db(), key, type);
            if (meta != null) {
                return new Source(key, meta);
            }
        }
        return null;
    }

    private Value pop(Keyspace keyspace, int db, Source found, boolean fromTail, long count) {
        Value key = new Value.Bulk(found.key());
        if (type == KeyType.LIST) {
            RedisList list = RedisList.of(keyspace, db, found.key(), found.meta());
            List<Value> elements = RedisList.values(list.pop(!fromTail, count));
            list.save();
            return numKeys ? Value.Array.of(key, new Value.Array(elements)) : Value.Array.of(key, elements.get(0));
        }
        List<ZSet.Entry> entries = ZPop.take(keyspace, db, found.key(), found.meta(), fromTail, count);
        if (numKeys) {
            return Value.Array.of(key, new Value.Array(entries.stream().map(ZSet::pair).toList()));
        }
        ZSet.Entry e = entries.get(0);
        return Value.Array.of(key, new Value.Bulk(e.member()), Scores.reply(e.score()));
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...], and ZINCRBY key
 * increment member (ZADD with INCR). Each member costs two reads and at most three writes,
 * whatever the size of the set.
 */
record ZAdd(boolean incrBy) implements Command {

    private static final CommandException NAN = new CommandException("ERR resulting score is not a number (NaN)");

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrBy;
        int first = 2;
        for (; !incrBy && first < request.size(); first++) {
            if (request.is(first, "nx")) {
                nx = true;
            } else if (request.is(first, "xx")) {
                xx = true;
            } else if (request.is(first, "gt")) {
                gt = true;
            } else if (request.is(first, "lt")) {
                lt = true;
            } else if (request.is(first, "ch")) {
                ch = true;
            } else if (request.is(first, "incr")) {
                incr = true;
            } else {
                break;
            }
        }
        int elements = request.size() - first;
        if (elements == 0 || elements % 2 != 0) {
            throw CommandException.syntax();
        }
        if (nx && xx) {
            throw new CommandException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 2) {
            throw new CommandException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements / 2];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = Scores.parse(request.bytes(first + 2 * j), Scores.NOT_FLOAT);
        }
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        int db = session.db();
        long added = 0;
        long updated = 0;
        long processed = 0;
        double result = 0;
        for (int j = 0; j < scores.length && (meta != null || !xx); j++) {
            byte[] member = request.bytes(first + 2 * j + 1);
            Double old = ZSet.score(keyspace, db, key, member);
            if (old == null) {
                if (xx) {
                    continue;
                }
                ZSet.put(keyspace, db, key, member, null, scores[j]);
                added++;
                processed++;
                result = scores[j];
                continue;
            }
            if (nx) {
                continue;
            }
            double next = incr ? old + scores[j] : scores[j];
            if (Double.isNaN(next)) {
                throw NAN;
            }
            if ((lt && next >= old) || (gt && next <= old)) {
                continue;
            }
            processed++;
            result = next;
            if (next != old) {
                ZSet.put(keyspace, db, key, member, old, next);
                updated++;
            }
        }
        if (added > 0) {
            keyspace.putCollection(db, key, ZSet.resized(meta, (meta == null ? 0 : meta.size()) + added));
        }
        if (incr) {
            return processed > 0 ? Scores.reply(result) : Value.Null.INSTANCE;
        }
        return Value.Int.of(ch ? added + updated : added);
    }
}

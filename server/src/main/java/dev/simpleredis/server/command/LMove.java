package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;
import java.util.List;

/**
 * LMOVE source destination LEFT|RIGHT LEFT|RIGHT, RPOPLPUSH source destination (RIGHT, LEFT), and
 * their blocking forms BLMOVE (... timeout) and BRPOPLPUSH source destination timeout: pops an
 * element from one end of source, pushes it at one end of destination (the same list rotates),
 * and replies it; null when source is missing.
 *
 * @param ends     whether the ends are arguments 3 and 4 (LMOVE, BLMOVE)
 * @param blocking whether to wait for source (BLMOVE, BRPOPLPUSH), the timeout being the last argument
 */
record LMove(boolean ends, boolean blocking) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        boolean fromLeft = ends && RedisList.left(request, 3);
        boolean toLeft = !ends || RedisList.left(request, 4);
        long timeout = blocking ? Block.timeout(request, request.size() - 1) : 0;
        int db = session.db();
        byte[] sourceKey = request.bytes(1);
        byte[] destinationKey = request.bytes(2);
        // a waiting client is served from a list only: while its source holds another type it waits on, as in Redis
        RedisList source = blocking && session.blocked() && keyspace.type(db, sourceKey) != KeyType.LIST
                ? null
                : RedisList.find(keyspace, db, sourceKey);
        if (source == null) {
            if (!blocking || !session.mayBlock()) {
                return Value.Null.INSTANCE;
            }
            // Redis replies a null array when the wait times out, though a null bulk inside MULTI
            return Block.await(session, KeyType.LIST, List.of(sourceKey), timeout, Value.Null.ARRAY);
        }
        boolean rotate = Arrays.equals(sourceKey, destinationKey);
        RedisList destination = rotate ? source : RedisList.findOrCreate(keyspace, db, destinationKey);
        byte[] element = source.pop(fromLeft, 1).get(0);
        if (!rotate) {
            source.save();
        }
        destination.push(toLeft, element);
        destination.save();
        return RedisList.value(element);
    }
}

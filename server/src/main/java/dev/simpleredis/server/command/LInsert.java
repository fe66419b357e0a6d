package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;
import java.util.List;

/**
 * LINSERT key BEFORE|AFTER pivot element: inserts next to the first element equal to pivot; the
 * new length, -1 when there is no pivot, 0 for a missing key. Reads up to the pivot, then moves
 * the shorter side of the list by one.
 */
final class LInsert implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        boolean after;
        if (request.is(2, "after")) {
            after = true;
        } else if (request.is(2, "before")) {
            after = false;
        } else {
            throw CommandException.syntax();
        }
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return Value.Int.ZERO;
        }
        byte[] pivot = RedisList.frame(request, 3, session);
        long[] found = {-1};
        list.scan(0, list.size(), (position, frame) -> {
            if (Arrays.equals(frame, pivot)) {
                found[0] = position;
                return false;
            }
            return true;
        });
        if (found[0] < 0) {
            return Value.Int.of(-1);
        }
        long at = after ? found[0] + 1 : found[0];
        list.splice(at, at, List.of(RedisList.frame(request, 4, session)));
        list.save();
        return Value.Int.of(list.size());
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LREM key count element: removes the first count elements equal to element (from the tail when
 * count is negative, all when 0); the number removed. The elements between the first and last
 * removed are rewritten and the shorter side of the list moves to close the gap.
 */
final class LRem implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long count = request.longArg(2);
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return Value.Int.ZERO;
        }
        byte[] target = RedisList.frame(request, 3, session);
        // Redis negates count; Long.MIN_VALUE stays negative there and so removes every match from the tail
        long limit = count == Long.MIN_VALUE ? 0 : Math.abs(count);
        long[] removed = {0, Long.MAX_VALUE, -1}; // how many, lowest and highest position
        RedisList.PositionVisitor match = (position, frame) -> {
            if (Arrays.equals(frame, target)) {
                removed[0]++;
                removed[1] = Math.min(removed[1], position);
                removed[2] = Math.max(removed[2], position);
                return limit == 0 || removed[0] < limit;
            }
            return true;
        };
        if (count < 0) {
            list.scanDescending(0, list.size(), match);
        } else {
            list.scan(0, list.size(), match);
        }
        if (removed[0] == 0) {
            return Value.Int.ZERO;
        }
        List<byte[]> kept = new ArrayList<>();
        list.scan(removed[1], removed[2] + 1, (position, frame) -> {
            if (!Arrays.equals(frame, target)) {
                kept.add(frame);
            }
            return true;
        });
        list.splice(removed[1], removed[2] + 1, kept);
        list.save();
        return Value.Int.of(removed[0]);
    }
}

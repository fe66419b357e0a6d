package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: the position of the rank-th
 * match (from the tail for a negative rank), or with COUNT an array of up to that many positions
 * (0 = all); MAXLEN bounds how many elements are read.
 */
final class LPos implements Command {

    private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the"
            + " second ... or use negative to start from the end of the list";

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long rank = 1;
        long count = -1; // no COUNT
        long maxLen = 0; // no bound
        for (int i = 3; i < request.size(); i++) {
            boolean hasValue = i + 1 < request.size();
            if (request.is(i, "rank") && hasValue) {
                rank = request.longArg(++i);
                if (rank == 0) {
                    throw new CommandException(RANK_ZERO);
                }
            } else if (request.is(i, "count") && hasValue) {
                count = request.longAtLeast(++i, 0, "ERR COUNT can't be negative");
            } else if (request.is(i, "maxlen") && hasValue) {
                maxLen = request.longAtLeast(++i, 0, "ERR MAXLEN can't be negative");
            } else {
                throw CommandException.syntax();
            }
        }
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return count >= 0 ? Value.Array.EMPTY : Value.Null.INSTANCE;
        }
        boolean fromTail = rank < 0;
        // Redis negates the rank: Long.MIN_VALUE stays negative there, so every match counts and COUNT never stops it
        long skip = rank == Long.MIN_VALUE ? 0 : Math.abs(rank) - 1;
        long limit = rank == Long.MIN_VALUE && count > 0 ? 0 : count;
        byte[] target = RedisList.frame(request, 2, session);
        long size = list.size();
        long read = maxLen == 0 ? size : Math.min(maxLen, size);
        List<Value> positions = new ArrayList<>();
        long[] matches = {0};
        RedisList.PositionVisitor visitor = (position, frame) -> {
            if (Arrays.equals(frame, target) && ++matches[0] > skip) {
                positions.add(Value.Int.of(position));
                return limit != -1 && (limit == 0 || positions.size() < limit);
            }
            return true;
        };
        if (fromTail) {
            list.scanDescending(size - read, size, visitor);
        } else {
            list.scan(0, read, visitor);
        }
        if (count >= 0) {
            return new Value.Array(positions);
        }
        return positions.isEmpty() ? Value.Null.INSTANCE : positions.get(0);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** LRANGE key start stop: the elements from start to stop inclusive, reading only those. */
final class LRange implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long start = request.longArg(2);
        long end = request.longArg(3);
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return Value.Array.EMPTY;
        }
        long[] range = list.range(start, end);
        List<Value> out = new ArrayList<>();
        list.scan(range[0], range[1], (position, frame) -> out.add(RedisList.value(frame)));
        return new Value.Array(out);
    }
}

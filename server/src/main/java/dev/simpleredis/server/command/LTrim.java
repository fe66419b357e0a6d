package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** LTRIM key start stop: keeps the elements from start to stop inclusive, deleting both ends in a range each. */
final class LTrim implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long start = request.longArg(2);
        long end = request.longArg(3);
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return Value.Simple.OK;
        }
        long[] keep = list.range(start, end);
        if (keep[0] == keep[1]) {
            list.trim(list.size(), 0);
        } else {
            list.trim(keep[0], list.size() - keep[1]);
        }
        list.save();
        return Value.Simple.OK;
    }
}

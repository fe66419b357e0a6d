package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** LINDEX key index: the element at index (negative ones from the tail), or null; one read. */
final class LIndex implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return Value.Null.INSTANCE;
        }
        byte[] frame = list.get(request.longArg(2));
        return frame == null ? Value.Null.INSTANCE : RedisList.value(frame);
    }
}

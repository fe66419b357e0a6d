package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** LSET key index element: replaces the element at index (negative ones from the tail); one write. */
final class LSet implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            throw new CommandException("ERR no such key");
        }
        if (!list.set(request.longArg(2), RedisList.frame(request, 3, session))) {
            throw new CommandException("ERR index out of range");
        }
        return Value.Simple.OK;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/**
 * LPOP, RPOP key [count]: without a count, the element taken from the head ({@code left}) or the
 * tail, or null; with one, an array of up to count elements, the end's first (a null array for a
 * missing key, an empty one for count 0).
 */
record Pop(boolean left) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 3) {
            throw new CommandException("ERR wrong number of arguments for '" + request.name() + "' command");
        }
        boolean hasCount = request.size() == 3;
        long count = hasCount ? request.longAtLeast(2, 0, "ERR value is out of range, must be positive") : 1;
        RedisList list = RedisList.find(keyspace, session.db(), request.bytes(1));
        if (list == null) {
            return hasCount ? Value.Null.ARRAY : Value.Null.INSTANCE;
        }
        if (count == 0) {
            return Value.Array.EMPTY;
        }
        var popped = list.pop(left, count);
        list.save();
        return hasCount ? new Value.Array(RedisList.values(popped)) : RedisList.value(popped.get(0));
    }
}

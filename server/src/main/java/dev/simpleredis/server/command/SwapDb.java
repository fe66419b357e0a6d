package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** SWAPDB index1 index2: every connection of one database sees the other's data at once. */
final class SwapDb implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        int a = index(keyspace, request, 1, "first");
        int b = index(keyspace, request, 2, "second");
        if (a != b) {
            keyspace.swap(a, b);
        }
        return Value.Simple.OK;
    }

    private static int index(Keyspace keyspace, Request request, int i, String which) {
        try {
            request.longArg(i);
        } catch (CommandException e) {
            throw new CommandException("ERR invalid " + which + " DB index");
        }
        return Select.database(keyspace, request, i);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** SINTERCARD numkeys key [key ...] [LIMIT limit]: the size of the intersection, counting no further than limit. */
final class SInterCard implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long numKeys = request.longAtLeast(1, 1, "ERR numkeys should be greater than 0");
        if (numKeys > request.size() - 2) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int i = 2 + (int) numKeys; i < request.size(); i++) {
            if (request.is(i, "limit") && i + 1 < request.size()) {
                limit = request.longAtLeast(++i, 0, "ERR LIMIT can't be negative");
            } else {
                throw CommandException.syntax();
            }
        }
        return Value.Int.of(SetOperation.compute(keyspace, session.db(), SetOperation.Op.INTER,
                Del.keys(request, 2, 1).subList(0, (int) numKeys), limit).size());
    }
}

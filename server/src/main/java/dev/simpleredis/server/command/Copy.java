package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;

/** COPY source destination [DB db] [REPLACE]: 1 when copied, 0 when source is missing or destination exists. */
final class Copy implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] src = request.bytes(1);
        byte[] dst = request.bytes(2);
        int db = session.db();
        boolean replace = false;
        for (int i = 3; i < request.size(); i++) {
            if (request.is(i, "replace")) {
                replace = true;
            } else if (request.is(i, "db") && i + 1 < request.size()) {
                db = Select.database(keyspace, request, ++i);
            } else {
                throw CommandException.syntax();
            }
        }
        if (db == session.db() && Arrays.equals(src, dst)) {
            throw new CommandException("ERR source and destination objects are the same");
        }
        if (!replace && keyspace.stored(db, dst) != null) {
            return Value.Int.ZERO;
        }
        return keyspace.copy(session.db(), src, db, dst) ? Value.Int.ONE : Value.Int.ZERO;
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** MOVE key db: 1 when moved, 0 when the key is missing here or exists there. */
final class Move implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        int db = Select.database(keyspace, request, 2);
        if (db == session.db()) {
            throw new CommandException("ERR source and destination objects are the same");
        }
        if (keyspace.stored(session.db(), key) == null || keyspace.stored(db, key) != null) {
            return Value.Int.ZERO;
        }
        keyspace.rename(session.db(), key, db, key);
        return Value.Int.ONE;
    }
}

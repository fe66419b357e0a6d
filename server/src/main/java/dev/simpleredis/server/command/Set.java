package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/**
 * SET key value [NX | XX] [EX seconds | PX milliseconds].
 * Replies {@code +OK} (Redis) or {@code :1} (seed); when NX/XX prevent the write, null or {@code :0}.
 */
final class Set implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        boolean nx = false;
        boolean xx = false;
        long expiresAt = StoredValue.NO_EXPIRY;
        for (int i = 3; i < request.size(); i++) {
            if (request.is(i, "nx") && !xx) {
                nx = true;
            } else if (request.is(i, "xx") && !nx) {
                xx = true;
            } else if ((request.is(i, "ex") || request.is(i, "px")) && expiresAt == StoredValue.NO_EXPIRY
                    && i + 1 < request.size()) {
                long amount = request.longArg(i + 1);
                long unit = request.is(i, "ex") ? 1000 : 1;
                if (amount <= 0 || amount > Long.MAX_VALUE / 1000 / unit) {
                    throw new CommandException("ERR invalid expire time in 'set' command");
                }
                expiresAt = System.currentTimeMillis() + amount * unit;
                i++;
            } else {
                throw CommandException.syntax();
            }
        }
        byte[] key = request.bytes(1);
        Value value = request.stored(2, session);
        if (nx || xx) {
            boolean exists = keyspace.get(session.db(), key) != null;
            if (exists == nx) {
                return session.seed() ? Value.Int.ZERO : Value.Null.INSTANCE;
            }
        }
        keyspace.set(session.db(), key, value, expiresAt);
        return session.seed() ? Value.Int.ONE : Value.Simple.OK;
    }
}

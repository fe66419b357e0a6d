package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.util.List;

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX | XX | GT | LT]: 1 when the expiry was set
 * (or the key deleted, for a time in the past), 0 when the key is missing or a condition failed.
 *
 * @param name      the command's name, for error texts
 * @param unitMillis milliseconds per unit of {@code time}
 * @param absolute  whether {@code time} is a Unix time rather than a time to live
 */
record Expire(String name, long unitMillis, boolean absolute) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < request.size(); i++) {
            if (request.is(i, "nx")) {
                nx = true;
            } else if (request.is(i, "xx")) {
                xx = true;
            } else if (request.is(i, "gt")) {
                gt = true;
            } else if (request.is(i, "lt")) {
                lt = true;
            } else {
                throw new CommandException("ERR Unsupported option " + request.text(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        long time = request.longArg(2);
        long now = System.currentTimeMillis();
        long at;
        try {
            at = Math.addExact(Math.multiplyExact(time, unitMillis), absolute ? 0 : now);
        } catch (ArithmeticException e) {
            throw invalidTime();
        }
        byte[] key = request.bytes(1);
        StoredValue stored = keyspace.stored(session.db(), key);
        if (stored == null) {
            return Value.Int.ZERO;
        }
        // A key without expiry counts as one that lives forever: GT never beats it, LT always does.
        long current = stored.hasExpiry() ? stored.expiresAt() : Long.MAX_VALUE;
        if (nx && stored.hasExpiry() || xx && !stored.hasExpiry() || gt && at <= current || lt && at >= current) {
            return Value.Int.ZERO;
        }
        if (at <= now) {
            keyspace.delete(session.db(), List.of(key));
        } else {
            keyspace.setExpiry(session.db(), key, at);
        }
        return Value.Int.ONE;
    }

    private CommandException invalidTime() {
        return new CommandException("ERR invalid expire time in '" + name + "' command");
    }
}

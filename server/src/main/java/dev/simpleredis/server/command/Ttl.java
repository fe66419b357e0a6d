package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/**
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME key: -2 for a missing key, -1 for one without expiry,
 * otherwise the time left (rounded as Redis does) or the absolute expiry.
 *
 * @param unitMillis milliseconds per unit of the reply
 * @param absolute   whether to reply with the Unix time of expiry
 */
record Ttl(long unitMillis, boolean absolute) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        StoredValue stored = keyspace.stored(session.db(), request.bytes(1));
        if (stored == null) {
            return Value.Int.of(-2);
        }
        if (!stored.hasExpiry()) {
            return Value.Int.of(-1);
        }
        if (absolute) {
            return Value.Int.of(stored.expiresAt() / unitMillis);
        }
        long left = Math.max(0, stored.expiresAt() - System.currentTimeMillis());
        return Value.Int.of((left + unitMillis / 2) / unitMillis);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/** APPEND key value: the new length; keeps the key's expiry. */
final class Append implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        byte[] tail = request.bytes(2);
        StoredValue stored = keyspace.stored(session.db(), key);
        byte[] head = stored == null ? new byte[0] : Strings.bytes(stored);
        if (head.length + (long) tail.length > Strings.MAX_LENGTH) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        byte[] joined = new byte[head.length + tail.length];
        System.arraycopy(head, 0, joined, 0, head.length);
        System.arraycopy(tail, 0, joined, head.length, tail.length);
        keyspace.set(session.db(), key, new Value.Bulk(joined), stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return Value.Int.of(joined.length);
    }
}

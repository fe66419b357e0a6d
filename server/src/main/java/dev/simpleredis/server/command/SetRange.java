package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;

/** SETRANGE key offset value: overwrites from offset, padding with zero bytes; the new length. */
final class SetRange implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long offset = request.longArg(2);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        byte[] key = request.bytes(1);
        byte[] patch = request.bytes(3);
        StoredValue stored = keyspace.stored(session.db(), key);
        byte[] s = stored == null ? new byte[0] : Strings.bytes(stored);
        if (patch.length == 0) {
            return Value.Int.of(s.length);
        }
        if (offset + patch.length > Strings.MAX_LENGTH) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        byte[] result = Arrays.copyOf(s, (int) Math.max(s.length, offset + patch.length));
        System.arraycopy(patch, 0, result, (int) offset, patch.length);
        keyspace.set(session.db(), key, new Value.Bulk(result), stored == null ? StoredValue.NO_EXPIRY : stored.expiresAt());
        return Value.Int.of(result.length);
    }
}

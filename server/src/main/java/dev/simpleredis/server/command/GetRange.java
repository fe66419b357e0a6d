package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;

/** GETRANGE key start end: inclusive offsets, negative ones counted from the end, as Redis clamps them. */
final class GetRange implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long start = request.longArg(2);
        long end = request.longArg(3);
        StoredValue stored = keyspace.stored(session.db(), request.bytes(1));
        byte[] s = stored == null ? new byte[0] : Strings.bytes(stored);
        long len = s.length;
        if (start < 0 && end < 0 && start > end) {
            return new Value.Bulk(new byte[0]);
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        end = Math.min(end, len - 1);
        if (len == 0 || start > end) {
            return new Value.Bulk(new byte[0]);
        }
        return new Value.Bulk(Arrays.copyOfRange(s, (int) start, (int) end + 1));
    }
}

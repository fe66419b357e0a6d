package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;

/**
 * RENAME key newkey ({@code +OK}) and RENAMENX key newkey (1, or 0 when newkey exists); the
 * value keeps its expiry.
 *
 * @param onlyIfAbsent whether this is RENAMENX
 */
record Rename(boolean onlyIfAbsent) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] src = request.bytes(1);
        byte[] dst = request.bytes(2);
        if (keyspace.stored(session.db(), src) == null) {
            throw new CommandException("ERR no such key");
        }
        if (onlyIfAbsent) {
            if (Arrays.equals(src, dst) || keyspace.stored(session.db(), dst) != null) {
                return Value.Int.ZERO;
            }
            keyspace.rename(session.db(), src, session.db(), dst);
            return Value.Int.ONE;
        }
        keyspace.rename(session.db(), src, session.db(), dst);
        return Value.Simple.OK;
    }
}

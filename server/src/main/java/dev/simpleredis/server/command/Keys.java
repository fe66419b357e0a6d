package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** KEYS pattern: every live key matching the glob pattern, in byte order. */
final class Keys implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] pattern = request.bytes(1);
        // Keys that share the pattern's literal prefix are contiguous in byte order: only those are read.
        byte[] prefix = Glob.literalPrefix(pattern);
        List<Value> keys = new ArrayList<>();
        keyspace.scanKeys(session.db(), prefix.length == 0 ? null : prefix, (key, value) -> {
            if (!startsWith(key, prefix)) {
                return false;
            }
            if (Glob.matches(pattern, key)) {
                keys.add(new Value.Bulk(key));
            }
            return true;
        });
        return new Value.Array(keys);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}

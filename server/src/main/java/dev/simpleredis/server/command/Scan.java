package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. Keys are visited in byte order, and a
 * cursor stands for the last key returned (kept server-side, as cursors must be numbers), so a
 * key present for the whole scan is returned exactly once, whatever is written meanwhile.
 */
final class Scan implements Command {

    private final ScanCursors cursors = new ScanCursors();

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long cursor = ScanCursors.parse(request, 1);
        ScanCursors.Options options = ScanCursors.options(request, 2, true);
        byte[] from;
        if (cursor == 0) {
            from = null;
        } else {
            byte[] last = cursors.take(cursor);
            // An unknown cursor (never given, or forgotten) ends the scan, as a finished one would.
            if (last == null) {
                return ScanCursors.reply(0, List.of());
            }
            from = Keyspace.successor(last);
        }
        List<Value> keys = new ArrayList<>();
        byte[][] lastSeen = new byte[1][];
        long[] examined = new long[1];
        keyspace.scanKeys(session.db(), from, (key, value) -> {
            lastSeen[0] = key;
            if ((options.match() == null || Glob.matches(options.match(), key))
                    && (options.type() == null || options.type().equals(KeyType.of(value).typeName()))) {
                keys.add(new Value.Bulk(key));
            }
            return ++examined[0] < options.count();
        });
        if (examined[0] < options.count() || lastSeen[0] == null) {
            return ScanCursors.reply(0, keys);
        }
        return ScanCursors.reply(cursors.save(lastSeen[0]), keys);
    }
}

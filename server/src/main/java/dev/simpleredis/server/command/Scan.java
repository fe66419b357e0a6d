package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. Keys are visited in byte order, and a
 * cursor stands for the last key returned (kept server-side, as cursors must be numbers), so a
 * key present for the whole scan is returned exactly once, whatever is written meanwhile.
 */
final class Scan implements Command {

    /** Cursors handed out and not yet finished; the oldest are forgotten past this many. */
    private static final int MAX_CURSORS = 100_000;

    private final AtomicLong nextCursor = new AtomicLong();
    private final Map<Long, byte[]> cursors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > MAX_CURSORS;
        }
    };

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long cursor = parseCursor(request);
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = 2; i < request.size(); i += 2) {
            if (i + 1 >= request.size()) {
                throw CommandException.syntax();
            }
            if (request.is(i, "match")) {
                pattern = request.bytes(i + 1);
            } else if (request.is(i, "count")) {
                count = request.longArg(i + 1);
                if (count < 1) {
                    throw CommandException.syntax();
                }
            } else if (request.is(i, "type")) {
                type = request.text(i + 1).toLowerCase(java.util.Locale.ROOT);
            } else {
                throw CommandException.syntax();
            }
        }
        byte[] from;
        if (cursor == 0) {
            from = null;
        } else {
            byte[] last = cursors.remove(cursor);
            // An unknown cursor (never given, or forgotten) ends the scan, as a finished one would.
            if (last == null) {
                return reply(0, List.of());
            }
            from = Keyspace.successor(last);
        }
        List<Value> keys = new ArrayList<>();
        byte[][] lastSeen = new byte[1][];
        long[] examined = new long[1];
        byte[] match = pattern;
        String wantedType = type;
        long limit = count;
        keyspace.scanKeys(session.db(), from, (key, value) -> {
            lastSeen[0] = key;
            if ((match == null || Glob.matches(match, key)) && (wantedType == null || wantedType.equals(KeyType.of(value).typeName()))) {
                keys.add(new Value.Bulk(key));
            }
            return ++examined[0] < limit;
        });
        if (examined[0] < limit || lastSeen[0] == null) {
            return reply(0, keys);
        }
        long next = nextCursor.incrementAndGet();
        cursors.put(next, lastSeen[0]);
        return reply(next, keys);
    }

    private static long parseCursor(Request request) {
        try {
            long cursor = Long.parseUnsignedLong(request.text(1));
            if (cursor < 0) {
                throw new NumberFormatException();
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw new CommandException("ERR invalid cursor");
        }
    }

    private static Value reply(long cursor, List<Value> keys) {
        return Value.Array.of(Value.Bulk.of(Long.toString(cursor)), new Value.Array(keys));
    }
}

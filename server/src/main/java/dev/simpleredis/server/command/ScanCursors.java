package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cursors of SCAN and its siblings (HSCAN, SSCAN). Items are visited in byte order, and a
 * cursor stands for the last item returned, kept server-side (a cursor must be a number), so an
 * item present for the whole scan is returned exactly once, whatever is written meanwhile.
 * Callers hold the command lock.
 */
final class ScanCursors {

    /** How HSCAN and SSCAN differ from Redis's, for the command table. */
    static final String ELEMENTS_NOTE = "Elements come in byte order and a cursor is a server-side handle for the"
            + " last one returned, as with SCAN; COUNT is honoured for collections of any size (Redis returns a small"
            + " one whole in one reply).";
    /** Cursors handed out and not yet finished; the oldest are forgotten past this many. */
    private static final int MAX_CURSORS = 100_000;

    private final AtomicLong nextCursor = new AtomicLong();
    private final Map<Long, byte[]> cursors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > MAX_CURSORS;
        }
    };

    /**
     * Argument {@code i} as a cursor: an unsigned number, read as Redis's {@code strtoul} reads it
     * (a leading sign is allowed: {@code -1} is the largest cursor; an empty one is 0).
     */
    static long parseCursor(Request request, int i) {
        String text = request.text(i);
        if (text.isEmpty()) {
            return 0; // strtoul reads nothing as 0 and finds no garbage after it
        }
        boolean negative = text.startsWith("-");
        String digits = negative || text.startsWith("+") ? text.substring(1) : text;
        try {
            if (digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
                throw new NumberFormatException();
            }
            long cursor = Long.parseUnsignedLong(digits);
            return negative ? -cursor : cursor;
        } catch (NumberFormatException e) {
            throw new CommandException("ERR invalid cursor");
        }
    }

    /** The options after the cursor: MATCH pattern, COUNT count and, for SCAN only, TYPE type. */
    record Options(byte[] match, long count, String type) {

        static Options parse(Request request, int from, boolean typed) {
            byte[] match = null;
            long count = 10;
            String type = null;
            for (int i = from; i < request.size(); i += 2) {
                if (i + 1 >= request.size()) {
                    throw CommandException.syntax();
                }
                if (request.is(i, "match")) {
                    match = request.bytes(i + 1);
                } else if (request.is(i, "count")) {
                    count = request.longArg(i + 1);
                    if (count < 1) {
                        throw CommandException.syntax();
                    }
                } else if (typed && request.is(i, "type")) {
                    type = request.text(i + 1).toLowerCase(Locale.ROOT);
                } else {
                    throw CommandException.syntax();
                }
            }
            return new Options(match, count, type);
        }

        boolean matches(byte[] item) {
            return match == null || Glob.matches(match, item);
        }
    }

    /** Visits items in byte order from {@code from} (inclusive; null = the first) for one page. */
    @FunctionalInterface
    interface Source {
        void scan(byte[] from, Page page);
    }

    /** One reply's worth of a scan: counts the items visited, keeps the last, collects those returned. */
    static final class Page {
        private final long count;
        private final List<Value> items = new ArrayList<>();
        private byte[] last;
        private long visited;

        private Page(long count) {
            this.count = count;
        }

        /** Adds to the reply (an item that matched, or its parts). */
        void add(Value item) {
            items.add(item);
        }

        /** Notes that the item at {@code position} was visited; returns whether the page wants another. */
        boolean visited(byte[] position) {
            last = position;
            return ++visited < count;
        }
    }

    /**
     * One page of a scan: resumes after the item {@code cursor} stands for (0: from the start),
     * visits up to {@code count} items, and replies [next cursor, items]; the next cursor is 0 when
     * the items ran out. An unknown cursor (never given, or forgotten) ends the scan, as a
     * finished one would.
     */
    Value page(long cursor, long count, Source source) {
        byte[] from = null;
        if (cursor != 0) {
            byte[] last = cursors.remove(cursor);
            if (last == null) {
                return reply(0, List.of());
            }
            from = Keyspace.successor(last);
        }
        Page page = new Page(count);
        source.scan(from, page);
        if (page.visited < count || page.last == null) {
            return reply(0, page.items);
        }
        long next = nextCursor.incrementAndGet();
        cursors.put(next, page.last);
        return reply(next, page.items);
    }

    /** The reply of a scan of nothing: cursor 0, no items. */
    static Value empty() {
        return reply(0, List.of());
    }

    /** [cursor, items], as every scan replies. */
    static Value reply(long cursor, List<Value> items) {
        return Value.Array.of(Value.Bulk.of(Long.toString(cursor)), new Value.Array(items));
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What SCAN and the collection scans (ZSCAN, ...) share: the cursor argument, the MATCH / COUNT
 * (/ TYPE) options, and cursors kept server-side. A cursor stands for the last key or member
 * returned, as cursors must be numbers; used under the command lock.
 */
final class ScanCursors {

    /** Cursors handed out and not yet finished; the oldest are forgotten past this many. */
    private static final int MAX_CURSORS = 100_000;

    private final AtomicLong nextCursor = new AtomicLong();
    private final Map<Long, byte[]> cursors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > MAX_CURSORS;
        }
    };

    /** A new cursor standing for {@code last}, the last item returned. */
    long save(byte[] last) {
        long next = nextCursor.incrementAndGet();
        cursors.put(next, last);
        return next;
    }

    /** The last item returned before {@code cursor}, forgetting it; null when unknown (never given, or forgotten). */
    byte[] take(long cursor) {
        return cursors.remove(cursor);
    }

    /** MATCH pattern (null: all), COUNT, and SCAN's TYPE (null: all), lower-cased. */
    record Options(byte[] match, long count, String type) {
    }

    /** The options from argument {@code from} on; TYPE only when {@code withType}. */
    static Options options(Request request, int from, boolean withType) {
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = from; i < request.size(); i += 2) {
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
            } else if (withType && request.is(i, "type")) {
                type = request.text(i + 1).toLowerCase(Locale.ROOT);
            } else {
                throw CommandException.syntax();
            }
        }
        return new Options(pattern, count, type);
    }

    /**
     * Argument {@code i} as a cursor, read as Redis reads it with C's {@code strtoul}: an unsigned
     * 64-bit decimal, a sign allowed ({@code -1} is the largest cursor), no leading space, the
     * text ending at a NUL byte; empty is 0.
     */
    static long parse(Request request, int i) {
        byte[] text = request.bytes(i);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int start = text[0] == '+' || text[0] == '-' ? 1 : 0;
        if (start == end) {
            throw invalid();
        }
        for (int j = start; j < end; j++) {
            if (text[j] < '0' || text[j] > '9') {
                throw invalid();
            }
        }
        BigInteger magnitude = new BigInteger(new String(text, start, end - start, StandardCharsets.US_ASCII));
        if (magnitude.bitLength() > 64) {
            throw invalid();
        }
        return text[0] == '-' ? -magnitude.longValue() : magnitude.longValue();
    }

    private static CommandException invalid() {
        return new CommandException("ERR invalid cursor");
    }

    /** A scan's reply: the next cursor (0 when done) and the items. */
    static Value reply(long cursor, List<Value> items) {
        return Value.Array.of(Value.Bulk.of(Long.toString(cursor)), new Value.Array(items));
    }
}

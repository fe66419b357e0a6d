package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Thrown by a blocking command (BLPOP, BZPOPMIN, ...) that found nothing to take: the server parks
 * the client until a write to one of {@link #keys} lets the command run again, or until the
 * timeout, when the client gets {@link #timeoutReply}. Not an error: nothing was changed.
 */
public final class Block extends RuntimeException {

    private static final CommandException NOT_FLOAT = new CommandException("ERR timeout is not a float or out of range");
    private static final CommandException NEGATIVE = new CommandException("ERR timeout is negative");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final KeyType type;
    private final List<byte[]> keys;
    private final long timeoutMillis;
    private final Value timeoutReply;

    private Block(KeyType type, List<byte[]> keys, long timeoutMillis, Value timeoutReply) {
        super(null, null, false, false);
        this.type = type;
        this.keys = keys;
        this.timeoutMillis = timeoutMillis;
        this.timeoutReply = timeoutReply;
    }

    /**
     * What a blocking command that found nothing does: parks the client (by throwing), or, inside
     * EXEC or a script, where nothing may wait, returns {@code timeoutReply} at once.
     *
     * @param type          what the command takes from its keys: a list or a sorted set
     * @param timeoutMillis 0 to wait for ever
     */
    static Value await(Session session, KeyType type, List<byte[]> keys, long timeoutMillis, Value timeoutReply) {
        if (!session.mayBlock()) {
            return timeoutReply;
        }
        throw new Block(type, keys, timeoutMillis, timeoutReply);
    }

    /**
     * Argument {@code i} as a blocking timeout in seconds, as milliseconds (0 = for ever), read as
     * Redis 7.0 reads it: a long double ({@link LongDouble#parse}: hexadecimal too), times 1000,
     * rounded up, converted to a 64-bit integer the x87 way (beyond its range, an infinity
     * included, it is the most negative one). So {@code inf} is negative, and {@code -0.0001}
     * rounds up to 0, for ever. (Redis 7.2 replies "timeout is out of range" beyond a 64-bit count
     * of milliseconds.)
     */
    static long timeout(Request request, int i) {
        BigDecimal seconds = LongDouble.parse(request.bytes(i), NOT_FLOAT);
        BigDecimal millis = seconds == null ? null : LongDouble.round(seconds.multiply(THOUSAND));
        BigDecimal whole = millis == null ? null : millis.setScale(0, RoundingMode.CEILING);
        if (whole == null || whole.signum() < 0 || whole.compareTo(LONG_MAX) > 0) {
            throw NEGATIVE;
        }
        return whole.longValueExact();
    }

    /** The type the command waits for: after a write, a waiter for another type may still be served. */
    public KeyType type() {
        return type;
    }

    public List<byte[]> keys() {
        return keys;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    public Value timeoutReply() {
        return timeoutReply;
    }
}

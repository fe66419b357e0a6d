package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import java.util.List;

/**
 * Thrown by a blocking command (BLPOP, BZPOPMIN, ...) that found nothing to take: the server parks
 * the client until a write to one of {@link #keys} lets the command run again, or until the
 * timeout, when the client gets {@link #timeoutReply}. Not an error: nothing was changed.
 */
public final class Block extends RuntimeException {

    private final List<byte[]> keys;
    private final long timeoutMillis;
    private final Value timeoutReply;

    private Block(List<byte[]> keys, long timeoutMillis, Value timeoutReply) {
        super(null, null, false, false);
        this.keys = keys;
        this.timeoutMillis = timeoutMillis;
        this.timeoutReply = timeoutReply;
    }

    /**
     * What a blocking command that found nothing does: parks the client (by throwing), or, inside
     * EXEC or a script, where nothing may wait, returns {@code timeoutReply} at once.
     *
     * @param timeoutMillis 0 to wait for ever
     */
    static Value await(Session session, List<byte[]> keys, long timeoutMillis, Value timeoutReply) {
        if (!session.mayBlock()) {
            return timeoutReply;
        }
        throw new Block(keys, timeoutMillis, timeoutReply);
    }

    /**
     * Argument {@code i} as a blocking timeout in seconds, fractions allowed, as milliseconds
     * (0 = for ever), with Redis's errors.
     */
    static long timeout(Request request, int i) {
        double seconds;
        try {
            seconds = Double.parseDouble(request.text(i));
        } catch (NumberFormatException e) {
            throw new CommandException("ERR timeout is not a float or out of range");
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds * 1000 > Long.MAX_VALUE / 2) {
            throw new CommandException("ERR timeout is not a float or out of range");
        }
        if (seconds < 0) {
            throw new CommandException("ERR timeout is negative");
        }
        return seconds == 0 ? 0 : Math.max(1, (long) Math.ceil(seconds * 1000));
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

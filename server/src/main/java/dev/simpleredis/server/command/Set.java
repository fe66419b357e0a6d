package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/**
 * SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL].
 * Replies {@code +OK} (Redis) or {@code :1} (seed); when NX/XX prevent the write, null
 * ({@code :0} in the seed dialect); with GET, the old value.
 */
final class Set implements Command {

    /** What SET and its older variants (SETNX, SETEX, ...) are asked to do. */
    record Options(boolean nx, boolean xx, boolean get, long expiresAt, boolean keepTtl) {
        static final Options PLAIN = new Options(false, false, false, StoredValue.NO_EXPIRY, false);
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        return apply(keyspace, session, request.bytes(1), request.stored(2, session), parse(request, 3, "set"));
    }

    static Options parse(Request request, int from, String command) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        // As in Redis, an expiry option may be repeated (the last one counts) but not mixed with another.
        String expiryOption = null;
        long expiresAt = StoredValue.NO_EXPIRY;
        for (int i = from; i < request.size(); i++) {
            String option = request.text(i).toLowerCase(java.util.Locale.ROOT);
            boolean expiryAllowed = expiryOption == null || expiryOption.equals(option);
            if (option.equals("nx") && !xx) {
                nx = true;
            } else if (option.equals("xx") && !nx) {
                xx = true;
            } else if (option.equals("get")) {
                get = true;
            } else if (option.equals("keepttl") && expiryAllowed) {
                expiryOption = option;
            } else if (EXPIRY_OPTIONS.contains(option) && expiryAllowed && i + 1 < request.size()) {
                expiryOption = option;
                expiresAt = expiresAt(request, i, command);
                i++;
            } else {
                throw CommandException.syntax();
            }
        }
        return new Options(nx, xx, get, expiresAt, "keepttl".equals(expiryOption));
    }

    /** The options that give an expiry, each followed by its amount. */
    static final java.util.Set<String> EXPIRY_OPTIONS = java.util.Set.of("ex", "px", "exat", "pxat");

    /** The absolute expiry that option {@code i} (EX, PX, EXAT or PXAT) and its argument give. */
    static long expiresAt(Request request, int i, String command) {
        return expiresAt(request.longArg(i + 1), request.is(i, "ex") || request.is(i, "exat"),
                request.is(i, "ex") || request.is(i, "px"), command);
    }

    /** The absolute expiry in milliseconds for {@code amount} seconds or milliseconds, from now or from the epoch. */
    static long expiresAt(long amount, boolean seconds, boolean relative, String command) {
        try {
            if (amount <= 0) {
                throw new ArithmeticException();
            }
            long millis = seconds ? Math.multiplyExact(amount, 1000) : amount;
            return relative ? Math.addExact(millis, System.currentTimeMillis()) : millis;
        } catch (ArithmeticException e) {
            throw new CommandException("ERR invalid expire time in '" + command + "' command");
        }
    }

    static Value apply(Keyspace keyspace, Session session, byte[] key, Value value, Options options) {
        StoredValue old = options.nx() || options.xx() || options.get() || options.keepTtl()
                ? keyspace.stored(session.db(), key)
                : null;
        Value oldValue = Value.Null.INSTANCE;
        if (options.get() && old != null) {
            oldValue = Keyspace.decode(old);
        }
        boolean exists = old != null;
        if (options.nx() && exists || options.xx() && !exists) {
            return options.get() ? oldValue : session.seed() ? Value.Int.ZERO : Value.Null.INSTANCE;
        }
        long expiresAt = options.keepTtl() && old != null ? old.expiresAt() : options.expiresAt();
        keyspace.set(session.db(), key, value, expiresAt);
        if (options.get()) {
            return oldValue;
        }
        return session.seed() ? Value.Int.ONE : Value.Simple.OK;
    }
}

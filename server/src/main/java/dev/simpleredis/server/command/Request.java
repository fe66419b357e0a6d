package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** A command's arguments, name first, with conversions that fail with Redis's error replies. */
public record Request(List<Value> args) {

    public int size() {
        return args.size();
    }

    /** The command name as the client sent it, lower-cased. */
    public String name() {
        return text(0).toLowerCase(Locale.ROOT);
    }

    public Value value(int i) {
        return args.get(i);
    }

    /** Argument {@code i} as bytes: a string, or the decimal text of a number. */
    public byte[] bytes(int i) {
        return switch (args.get(i)) {
            case Value.Bulk b -> b.bytes();
            case Value.Simple s -> s.text().getBytes(StandardCharsets.UTF_8);
            case Value.Int n -> Long.toString(n.value()).getBytes(StandardCharsets.US_ASCII);
            case Value.Double d -> Encoder.formatDouble(d.value()).getBytes(StandardCharsets.US_ASCII);
            default -> throw new CommandException("ERR argument " + i + " must be a string");
        };
    }

    public String text(int i) {
        return new String(bytes(i), StandardCharsets.UTF_8);
    }

    /** True when argument {@code i} equals {@code word}, ignoring case, as Redis compares options. */
    public boolean is(int i, String word) {
        return args.get(i) instanceof Value.Bulk b && b.bytes().length == word.length() && text(i).equalsIgnoreCase(word);
    }

    /** Argument {@code i} as a long, by Redis's rules: decimal digits only, no spaces, no overflow. */
    public long longArg(int i) {
        if (args.get(i) instanceof Value.Int n) {
            return n.value();
        }
        return Strings.parseLong(bytes(i), CommandException.notInteger());
    }

    /**
     * Argument {@code i} as a long of at least {@code min}, failing with {@code error} for any
     * other argument, one that is not a number included, as Redis's
     * {@code getRangeLongFromObjectOrReply} does when given a message.
     */
    public long longAtLeast(int i, long min, String error) {
        long n;
        try {
            n = longArg(i);
        } catch (CommandException e) {
            throw new CommandException(error);
        }
        if (n < min) {
            throw new CommandException(error);
        }
        return n;
    }

    /** Argument {@code i} as the value to store: in the seed dialect nested values keep their type. */
    public Value stored(int i, Session session) {
        Value v = args.get(i);
        if (session.seed() || v instanceof Value.Bulk) {
            return v;
        }
        return new Value.Bulk(bytes(i));
    }
}

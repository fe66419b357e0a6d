package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.nio.charset.StandardCharsets;

/** What string commands share: a stored value as bytes, and Redis's number rules. */
final class Strings {

    static final long MAX_LENGTH = 512L * 1024 * 1024;

    private Strings() {
    }

    static CommandException wrongType() {
        return new CommandException("WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    /** The bytes of a stored string; numbers stored by the seed dialect count as their text. */
    static byte[] bytes(StoredValue stored) {
        byte[] bytes = scalar(Keyspace.decode(stored));
        if (bytes == null) {
            throw wrongType();
        }
        return bytes;
    }

    /**
     * A stored value (a string's, a hash field's) as bytes: a number stored by the seed dialect
     * counts as its text; null for a nested value, which has no string form.
     */
    static byte[] scalar(Value value) {
        return switch (value) {
            case Value.Bulk b -> b.bytes();
            case Value.Simple s -> s.text().getBytes(StandardCharsets.UTF_8);
            case Value.Int i -> ascii(Long.toString(i.value()));
            case Value.Double d -> ascii(Encoder.formatDouble(d.value()));
            default -> null;
        };
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses a stored string or an argument as Redis's string2ll does, or fails with {@code failure}. */
    static long parseLong(byte[] bytes, CommandException failure) {
        Long value = string2ll(bytes);
        if (value == null) {
            throw failure;
        }
        return value;
    }

    /** Whether Redis's string2ll reads {@code bytes} as a long. */
    static boolean isLong(byte[] bytes) {
        return string2ll(bytes) != null;
    }

    private static Long string2ll(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.isEmpty() || text.length() > 20 || text.charAt(0) == '+'
                || (text.length() > 1 && text.charAt(0) == '0') || text.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

}

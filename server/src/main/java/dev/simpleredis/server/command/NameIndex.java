package dev.simpleredis.server.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Command entries by the bytes of their names, ignoring ASCII case: every request looks its
 * command up here, so it should cost no String, no lower-cased copy and no allocation at all.
 * An open-addressing table built once and only read afterwards.
 */
final class NameIndex {

    private final byte[][] names;
    private final CommandSpec[] specs;
    private final int mask;

    /** An index of {@code specs}, whose names are lower-case ASCII. */
    NameIndex(Collection<CommandSpec> specs) {
        int capacity = Integer.highestOneBit(Math.max(4, specs.size() * 4) - 1) << 1;
        this.names = new byte[capacity][];
        this.specs = new CommandSpec[capacity];
        this.mask = capacity - 1;
        for (CommandSpec spec : specs) {
            byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
            int i = hash(name) & mask;
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = name;
            this.specs[i] = spec;
        }
    }

    /** The entry named {@code name} in any ASCII case, or null. */
    CommandSpec find(byte[] name) {
        for (int i = hash(name) & mask; names[i] != null; i = (i + 1) & mask) {
            if (equalsIgnoringCase(names[i], name)) {
                return specs[i];
            }
        }
        return null;
    }

    private static int hash(byte[] name) {
        int h = name.length;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    /** {@code lowerName} is lower case already. */
    private static boolean equalsIgnoringCase(byte[] lowerName, byte[] name) {
        if (lowerName.length != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lowerName[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}

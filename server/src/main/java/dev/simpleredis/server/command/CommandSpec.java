package dev.simpleredis.server.command;

import java.util.Set;

/**
 * A command table entry, as in Redis's {@code src/commands/*.json}.
 *
 * @param name    lower-case name
 * @param arity   argument count including the name; negative means at least {@code -arity}
 * @param flags   what the command does, e.g. whether it writes
 * @param command the implementation
 */
public record CommandSpec(String name, int arity, Set<Flag> flags, Command command) {

    public enum Flag {
        /** May change data: its reply waits for the fsync policy. */
        WRITE,
        READONLY,
        FAST,
        /** Works before authentication and on a closing connection. */
        CONNECTION
    }

    public boolean arityMatches(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public boolean writes() {
        return flags.contains(Flag.WRITE);
    }
}

package dev.simpleredis.server.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command table entry, as in Redis's {@code src/commands/*.json}: what {@code COMMAND},
 * {@code COMMAND DOCS} and {@code docs/commands.md} report, and what the server checks before
 * running the command.
 *
 * @param name        lower-case name; a subcommand's is {@code container|sub}, e.g. {@code client|kill}
 * @param arity       argument count including the name; negative means at least {@code -arity}
 * @param flags       what the command does, as Redis flags it (e.g. whether it writes)
 * @param command     the implementation; null for a container that only has subcommands
 * @param firstKey    position of the first key argument, 0 when there is none
 * @param lastKey     position of the last key argument; negative counts from the end
 * @param keyStep     distance between key arguments
 * @param numKeysIndex position of a numkeys argument, the count of the key arguments right after it
 *                    (ZUNION, ZMPOP, ...: Redis's {@code keynum} key specification); 0 when there is none
 * @param categories  ACL categories, as {@code COMMAND INFO} reports them
 * @param group       Redis's command group: {@code string}, {@code generic}, {@code connection}, {@code server}
 * @param since       the Redis version that introduced it (simpleredis's for its own commands)
 * @param summary     one line on what it does
 * @param syntax      the arguments after the name, in Redis's notation (see {@link Syntax})
 * @param note        how it differs from Redis 7, or empty when it does not
 * @param subcommands a container's subcommands, by lower-case subcommand name
 */
public record CommandSpec(String name, int arity, Set<Flag> flags, Command command,
                          int firstKey, int lastKey, int keyStep, int numKeysIndex, Set<AclCategory> categories,
                          String group, String since, String summary, String syntax, String note,
                          Map<String, CommandSpec> subcommands) {

    /** Redis's command flags, in the order Redis lists them. */
    public enum Flag {
        /** May change data: its reply waits for the fsync policy. */
        WRITE,
        READONLY,
        DENYOOM,
        ADMIN,
        NOSCRIPT,
        BLOCKING,
        LOADING,
        STALE,
        FAST,
        /** Runs before the connection has authenticated. */
        NO_AUTH,
        /** May be given no key at all (a script with numkeys 0): COMMAND GETKEYS then replies with none. */
        NO_MANDATORY_KEYS,
        NO_ASYNC_LOADING,
        NO_MULTI,
        /** Has keys that COMMAND INFO's first/last/step do not give: those after a numkeys argument. */
        MOVABLEKEYS,
        ALLOW_BUSY;

        /** The name Redis replies with, e.g. {@code no_auth}. */
        public String redisName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Redis's ACL categories, in the order Redis lists them. */
    public enum AclCategory {
        KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM,
        PUBSUB, ADMIN, FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

        /** The name Redis replies with, e.g. {@code @keyspace}. */
        public String redisName() {
            return "@" + name().toLowerCase(Locale.ROOT);
        }
    }

    public CommandSpec {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
        categories = Collections.unmodifiableSet(
                categories.isEmpty() ? EnumSet.noneOf(AclCategory.class) : EnumSet.copyOf(categories));
        subcommands = Collections.unmodifiableMap(new LinkedHashMap<>(subcommands));
    }

    public boolean arityMatches(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public boolean writes() {
        return flags.contains(Flag.WRITE);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    /** The name as users type it: {@code CLIENT KILL} for {@code client|kill}. */
    public String displayName() {
        return name.replace('|', ' ').toUpperCase(Locale.ROOT);
    }

    /** Whether it exists in Redis too; simpleredis's own commands (the seed's names) do not. */
    public boolean inRedis() {
        return !since.startsWith("simpleredis");
    }

    /** Whether the command has key arguments, at fixed positions or after a numkeys argument. */
    public boolean hasKeys() {
        return firstKey > 0 || numKeysIndex > 0;
    }

    /**
     * The key arguments of a request for this command: those at the first/last/step positions,
     * and those after numkeys. Empty when numkeys is not a count, at least 1, of the arguments
     * after it. As in Redis, numkeys written as an integer is read by the key specifications,
     * which give the fixed keys first; otherwise Redis falls back to the command's own key
     * finder, which reads numkeys with C's {@code atoi} ({@code 02}, {@code " 2"} and {@code 2x}
     * are 2) and gives the keys after numkeys first (ZUNIONSTORE's destination last).
     */
    public List<Integer> keyPositions(Request request) {
        int argc = request.size();
        List<Integer> positions = new ArrayList<>();
        if (firstKey > 0) {
            int last = lastKey < 0 ? argc + lastKey : lastKey;
            for (int i = firstKey; i <= last && i < argc; i += keyStep) {
                positions.add(i);
            }
        }
        if (numKeysIndex > 0) {
            byte[] text = numKeysIndex < argc ? request.bytes(numKeysIndex) : new byte[0];
            int numKeys = atoi(text);
            if (numKeys < 1 || numKeys > argc - numKeysIndex - 1) {
                return List.of();
            }
            List<Integer> counted = new ArrayList<>();
            for (int i = 1; i <= numKeys; i++) {
                counted.add(numKeysIndex + i);
            }
            boolean bySpecs = Strings.isLong(text);
            positions.addAll(bySpecs ? positions.size() : 0, counted);
        }
        return positions;
    }

    /**
     * C's {@code atoi} as glibc has it: leading white space, a sign, then digits up to the first
     * other byte; {@code strtol}'s result, saturated to a long, cut to an int.
     */
    static int atoi(byte[] text) {
        int i = 0;
        while (i < text.length && Strtod.isSpace(text[i])) {
            i++;
        }
        boolean negative = i < text.length && text[i] == '-';
        if (i < text.length && (text[i] == '-' || text[i] == '+')) {
            i++;
        }
        long value = 0;
        for (; i < text.length && text[i] >= '0' && text[i] <= '9'; i++) {
            int digit = text[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return (int) (negative ? Long.MIN_VALUE : Long.MAX_VALUE);
            }
            value = value * 10 + digit;
        }
        return (int) (negative ? -value : value);
    }

    /** Builds entries for {@link CommandTable}; categories follow from the flags and the group. */
    static final class Builder {
        private final String name;
        private final int arity;
        private final Command command;
        private final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        private final EnumSet<AclCategory> extraCategories = EnumSet.noneOf(AclCategory.class);
        private final List<Builder> subcommands = new ArrayList<>();
        private int firstKey;
        private int lastKey;
        private int keyStep;
        private int numKeysIndex;
        private String group = "generic";
        private String since = "";
        private String summary = "";
        private String syntax = "";
        private String note = "";

        Builder(String name, int arity, Command command) {
            this.name = name;
            this.arity = arity;
            this.command = command;
        }

        Builder flags(Flag... more) {
            flags.addAll(List.of(more));
            return this;
        }

        Builder keys(int first, int last, int step) {
            firstKey = first;
            lastKey = last;
            keyStep = step;
            return this;
        }

        /** The keys follow a numkeys argument at {@code index}: movable keys, as Redis flags them. */
        Builder numKeys(int index) {
            numKeysIndex = index;
            flags.add(Flag.MOVABLEKEYS);
            return this;
        }

        Builder acl(AclCategory... more) {
            extraCategories.addAll(List.of(more));
            return this;
        }

        Builder group(String value) {
            group = value;
            return this;
        }

        Builder since(String value) {
            since = value;
            return this;
        }

        Builder summary(String value) {
            summary = value;
            return this;
        }

        Builder syntax(String value) {
            syntax = value;
            return this;
        }

        Builder note(String value) {
            note = value;
            return this;
        }

        Builder sub(Builder subcommand) {
            subcommands.add(subcommand);
            return this;
        }

        CommandSpec build() {
            return build(null);
        }

        private CommandSpec build(String container) {
            String fullName = container == null ? name : container + "|" + name;
            Map<String, CommandSpec> subs = new LinkedHashMap<>();
            for (Builder b : subcommands) {
                if (b.group.equals("generic")) {
                    b.group = group;
                }
                subs.put(b.name, b.build(name));
            }
            EnumSet<AclCategory> categories = EnumSet.copyOf(extraCategories);
            if (subcommands.isEmpty()) {
                if (flags.contains(Flag.WRITE)) {
                    categories.add(AclCategory.WRITE);
                }
                if (flags.contains(Flag.READONLY)) {
                    categories.add(AclCategory.READ);
                }
                if (flags.contains(Flag.ADMIN)) {
                    categories.add(AclCategory.ADMIN);
                    categories.add(AclCategory.DANGEROUS);
                }
                switch (group) {
                    case "string" -> categories.add(AclCategory.STRING);
                    case "generic" -> categories.add(AclCategory.KEYSPACE);
                    case "connection" -> categories.add(AclCategory.CONNECTION);
                    default -> {
                        // server commands have no category of their own
                    }
                }
            }
            categories.add(flags.contains(Flag.FAST) ? AclCategory.FAST : AclCategory.SLOW);
            return new CommandSpec(fullName, arity, flags, command, firstKey, lastKey, keyStep, numKeysIndex, categories,
                    group, since, summary, syntax, note, subs);
        }
    }
}

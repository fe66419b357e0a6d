package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import dev.simpleredis.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * CONFIG GET, SET, RESETSTAT, REWRITE and HELP over the settings Redis clients ask about. The
 * settings come from {@code -Dsimpleredis.*} options at start; a few can change at run time.
 */
final class Config {

    static final String SET_NOTE = "Only maxclients, requirepass and proto-max-bulk-len change at run time"
            + " (proto-max-bulk-len for connections made afterwards); the others are refused with Redis's"
            + " `CONFIG SET failed` error.";

    private static final String[] HELP = {
        "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Not supported: settings come from -Dsimpleredis.* options.",
        "HELP",
        "    Print this help.",
    };

    /**
     * One parameter. {@code set} is null for a read-only one, whose {@code readOnly} says why;
     * {@code set} throws IllegalArgumentException with Redis's reason for a bad value.
     */
    private record Param(String name, Function<ServerContext, String> get, Setter set, String readOnly) {
    }

    @FunctionalInterface
    private interface Setter {
        /** Checks {@code value}; returns the change to make once every value is checked. */
        Runnable prepare(ServerContext server, String value);
    }

    private static final List<Param> PARAMS = List.of(
            fixed("bind", s -> s.config().bind(), "bind"),
            fixed("port", s -> Integer.toString(s.port()), "port"),
            fixed("dir", s -> s.config().dir().toString(), "dir"),
            fixed("databases", s -> Integer.toString(s.config().databases()), "databases"),
            new Param("maxclients", s -> Integer.toString(s.maxClients()), (s, v) -> {
                int n = (int) integer(v, 1, ServerConfig.MAX_CLIENTS);
                return () -> s.maxClients(n);
            }, null),
            new Param("requirepass", ServerContext::requirePass, (s, v) -> () -> s.requirePass(v), null),
            new Param("proto-max-bulk-len", s -> Long.toString(s.maxBulkLength()), (s, v) -> {
                long n = integer(v, 1, ServerConfig.MAX_BULK_LENGTH);
                return () -> s.maxBulkLength(n);
            }, null),
            fixed("appendonly", s -> appendOnly(s.config()) ? "yes" : "no", "aof"),
            fixed("appendfsync", s -> s.config().fsync().configName(), "fsync"),
            unsupported("save", ""),
            unsupported("timeout", "0"),
            unsupported("maxmemory", "0"),
            unsupported("maxmemory-policy", "noeviction"),
            unsupported("notify-keyspace-events", ""),
            unsupported("cluster-enabled", "no"));

    static final String GET_NOTE = "Knows " + String.join(", ", names()) + "; any other name matches nothing."
            + " Read-only values show what simpleredis does (e.g. `save` is empty, `appendonly` is yes for the"
            + " memory engine's log).";

    private final ServerContext server;

    Config(ServerContext server) {
        this.server = server;
    }

    /** Whether the engine keeps an append-only log: the memory engine's, unless turned off. */
    static boolean appendOnly(ServerConfig config) {
        String aof = config.engineProperties().getOrDefault("aof", "true").toLowerCase(Locale.ROOT);
        return config.storage().equals("memory") && (aof.equals("true") || aof.equals("yes"));
    }

    private static List<String> names() {
        return PARAMS.stream().map(Param::name).toList();
    }

    private static Param fixed(String name, Function<ServerContext, String> get, String property) {
        return new Param(name, get, null, "can't set immutable config; set -D" + ServerConfig.PREFIX + property
                + " at start");
    }

    private static Param unsupported(String name, String value) {
        return new Param(name, s -> value, null, "not supported by simpleredis");
    }

    /** CONFIG GET pattern [pattern ...]: matching names and values, a map in RESP3, flat pairs in RESP2. */
    Value get(Keyspace keyspace, Session session, Request request) {
        Map<String, Param> matches = new LinkedHashMap<>();
        for (int i = 2; i < request.size(); i++) {
            String pattern = request.text(i);
            if (pattern.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
                // an exact name is replied as the client spelled it, as Redis does
                for (Param p : PARAMS) {
                    if (p.name().equalsIgnoreCase(pattern) && !matches.containsValue(p)) {
                        matches.put(pattern, p);
                    }
                }
                continue;
            }
            byte[] glob = pattern.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            for (Param p : PARAMS) {
                if (!matches.containsValue(p) && Glob.matches(glob, p.name().getBytes(StandardCharsets.UTF_8))) {
                    matches.put(p.name(), p);
                }
            }
        }
        Map<Value, Value> reply = new LinkedHashMap<>();
        matches.forEach((name, p) -> reply.put(Value.Bulk.of(name), Value.Bulk.of(p.get().apply(server))));
        return new Value.Dict(reply);
    }

    /** CONFIG SET name value [name value ...]: all or nothing, as in Redis. */
    Value set(Keyspace keyspace, Session session, Request request) {
        if (request.size() % 2 != 0) {
            throw new CommandException("ERR wrong number of arguments for 'config|set' command");
        }
        List<String> seen = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (int i = 2; i < request.size(); i += 2) {
            String name = request.text(i).toLowerCase(Locale.ROOT);
            Param param = PARAMS.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
            if (param == null) {
                throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '"
                        + CommandTable.printable(request.value(i), 128) + "'");
            }
            if (seen.contains(name)) {
                throw failed(request, i, "duplicate parameter");
            }
            seen.add(name);
            if (param.set() == null) {
                throw failed(request, i, param.readOnly());
            }
            try {
                changes.add(param.set().prepare(server, request.text(i + 1)));
            } catch (IllegalArgumentException e) {
                throw failed(request, i, e.getMessage());
            }
        }
        changes.forEach(Runnable::run);
        return Value.Simple.OK;
    }

    /** CONFIG RESETSTAT. */
    Value resetStat(Keyspace keyspace, Session session, Request request) {
        server.stats().reset();
        keyspace.resetStats();
        return Value.Simple.OK;
    }

    /** CONFIG REWRITE: there is no file to rewrite. */
    Value rewrite(Keyspace keyspace, Session session, Request request) {
        throw new CommandException("ERR The server is running without a config file: settings come from"
                + " -D" + ServerConfig.PREFIX + "* options at start and CONFIG SET changes last until it stops");
    }

    /** CONFIG HELP. */
    Value help(Keyspace keyspace, Session session, Request request) {
        return Client.helpReply(HELP);
    }

    private static CommandException failed(Request request, int i, String reason) {
        return new CommandException("ERR CONFIG SET failed (possibly related to argument '"
                + CommandTable.printable(request.value(i), 128) + "') - " + reason);
    }

    /** A number as Redis's memory settings take it: digits with an optional k, kb, m, mb, g or gb. */
    private static long integer(String text, long min, long max) {
        String t = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
            {"g", "1000000000"}};
        for (String[] u : units) {
            if (t.endsWith(u[0]) && t.length() > u[0].length()) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        long v;
        try {
            if (!t.matches("-?[0-9]+")) {
                throw new NumberFormatException();
            }
            v = Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
        return v;
    }
}

package dev.simpleredis.server;

import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.storage.Fsync;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting, read once at start from {@code simpleredis.*} system properties and validated
 * there: a wrong value stops start-up with a message naming the property.
 */
public record ServerConfig(
        String storage,
        String bind,
        int port,
        Path dir,
        Dialect protocol,
        Fsync fsync,
        int maxClients,
        int databases,
        Decoder.Limits limits,
        Map<String, String> engineProperties,
        String requirePass,
        long luaTimeLimit) {

    public static final String PREFIX = "simpleredis.";
    /** Highest {@code proto-max-nesting} accepted. */
    public static final int MAX_NESTING = 1000;
    /** Highest {@code maxclients} accepted. */
    public static final int MAX_CLIENTS = 1_000_000;
    /** Highest {@code proto-max-bulk-len} accepted. */
    public static final long MAX_BULK_LENGTH = Integer.MAX_VALUE - 16;
    /** Highest {@code lua-time-limit} accepted, in milliseconds: a day. */
    public static final long MAX_LUA_TIME_LIMIT = 86_400_000;

    private static final Set<String> KNOWN = Set.of("storage", "bind", "port", "dir", "protocol", "fsync",
            "maxclients", "databases", "aof", "proto-max-bulk-len", "proto-max-multibulk-len", "proto-max-nesting", "requirepass",
            "lua-time-limit");

    public static ServerConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    /** Reads and validates {@code simpleredis.*} entries; everything else is ignored. */
    public static ServerConfig from(Properties props) {
        Reader r = new Reader(props);
        String storage = r.get("storage", "memory", s -> {
            if (!s.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("expected an engine name (lower case letters, digits, dashes)");
            }
            return s;
        });
        Decoder.Limits defaults = Decoder.Limits.DEFAULT;
        Decoder.Limits limits = new Decoder.Limits(
                r.get("proto-max-bulk-len", Long.toString(defaults.maxBulkLength()), v -> longIn(v, 1, MAX_BULK_LENGTH)),
                r.get("proto-max-multibulk-len", Integer.toString(defaults.maxElements()), v -> (int) longIn(v, 1, Integer.MAX_VALUE)),
                // values are encoded recursively: a few thousand levels overflow a connection's stack
                r.get("proto-max-nesting", Integer.toString(defaults.maxDepth()), v -> (int) longIn(v, 1, MAX_NESTING)),
                defaults.maxInlineLength());
        return new ServerConfig(
                storage,
                r.get("bind", "127.0.0.1", s -> s),
                r.get("port", "6379", v -> (int) longIn(v, 0, 65535)),
                r.get("dir", "data", v -> Path.of(v).toAbsolutePath().normalize()),
                r.get("protocol", "seed", ServerConfig::parseProtocol),
                r.get("fsync", "everysec", Fsync::parse),
                r.get("maxclients", "10000", v -> (int) longIn(v, 1, MAX_CLIENTS)),
                r.get("databases", "16", v -> (int) longIn(v, 1, 255)),
                limits,
                r.engineProperties(storage),
                r.get("requirepass", "", s -> s),
                // scripts are stopped (not just reported busy, as Redis does) once they run this long
                r.get("lua-time-limit", "5000", v -> longIn(v, 1, MAX_LUA_TIME_LIMIT)));
    }

    /** Like the record's, with the password hidden. */
    @Override
    public String toString() {
        return "ServerConfig[storage=" + storage + ", bind=" + bind + ", port=" + port + ", dir=" + dir + ", protocol="
                + protocol + ", fsync=" + fsync + ", maxClients=" + maxClients + ", databases=" + databases + ", limits="
                + limits + ", engineProperties=" + engineProperties + ", requirePass="
                + (requirePass.isEmpty() ? "" : "(set)") + ", luaTimeLimit=" + luaTimeLimit + "]";
    }

    private static Dialect parseProtocol(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "seed" -> Dialect.SEED;
            case "resp2" -> Dialect.RESP2;
            case "resp3" -> Dialect.RESP3;
            default -> throw new IllegalArgumentException("expected seed, resp2 or resp3");
        };
    }

    private static long longIn(String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("expected an integer from " + min + " to " + max);
        }
        return v;
    }

    /** Looks settings up and turns a parse failure into a message naming the property. */
    private record Reader(Properties props) {
        <T> T get(String name, String defaultValue, Function<String, T> parse) {
            String text = props.getProperty(PREFIX + name, defaultValue);
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PREFIX + name + ": " + e.getMessage() + ", got '" + text + "'");
            }
        }

        /**
     * {@code simpleredis.<engine>.<name>} as {@code <name>}, and {@code simpleredis.aof*} as is;
     * any other unknown name without a dot is an error.
     */
        Map<String, String> engineProperties(String engine) {
            Map<String, String> engineProps = new HashMap<>();
            for (String key : props.stringPropertyNames()) {
                if (!key.startsWith(PREFIX)) {
                    continue;
                }
                String name = key.substring(PREFIX.length());
                if (name.startsWith(engine + ".")) {
                    engineProps.put(name.substring(engine.length() + 1), props.getProperty(key));
                } else if (name.equals("aof") || name.startsWith("aof.")) {
                    // the append-only log's settings keep Redis's names, without an engine prefix
                    engineProps.put(name, props.getProperty(key));
                } else if (!KNOWN.contains(name) && !name.contains(".")) {
                    throw new ConfigException(key + ": unknown setting; known: " + String.join(", ", KNOWN.stream().sorted().toList()));
                }
            }
            return engineProps;
        }
    }
}

package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.simpleredis.api.Value;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** INFO, CONFIG and TIME. */
@Timeout(60)
class InfoConfigTest {

    @TempDir
    Path dir;

    /** INFO's text as section name to its fields, checking Redis's layout on the way. */
    static Map<String, Map<String, String>> parse(String info) {
        assertFalse(info.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
        assertTrue(info.isEmpty() || info.endsWith("\r\n"), info);
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        boolean blank = true;
        for (String line : info.split("\r\n", -1)) {
            if (line.isEmpty()) {
                blank = true;
                continue;
            }
            if (line.startsWith("# ")) {
                assertTrue(blank, "a blank line before every section but the first: " + line);
                current = new LinkedHashMap<>();
                sections.put(line.substring(2), current);
            } else {
                int colon = line.indexOf(':');
                assertTrue(colon > 0 && current != null, line);
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
            blank = false;
        }
        return sections;
    }

    static String text(Value v) {
        return ((Value.Bulk) v).text();
    }

    static Map<String, Map<String, String>> info(RawClient c, String... sections) {
        String[] args = new String[sections.length + 1];
        args[0] = "INFO";
        System.arraycopy(sections, 0, args, 1, sections.length);
        return parse(text(c.call(args)));
    }

    @Test
    void defaultSectionsInRedisOrderAndFormat() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            Map<String, Map<String, String>> info = info(c);
            assertEquals(List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                    "Errorstats", "Cluster", "Keyspace"), List.copyOf(info.keySet()));
            Map<String, String> s = info.get("Server");
            assertEquals("7.2.4", s.get("redis_version"));
            assertEquals("standalone", s.get("redis_mode"));
            assertEquals(Integer.toString(server.port()), s.get("tcp_port"));
            assertEquals(Long.toString(ProcessHandle.current().pid()), s.get("process_id"));
            assertEquals("memory", s.get("simpleredis_storage"));
            assertEquals(Main.version(), s.get("simpleredis_version"));
            assertTrue(s.get("arch_bits").matches("32|64"), s.get("arch_bits"));
            assertTrue(Long.parseLong(s.get("uptime_in_seconds")) >= 0);
            assertTrue(s.get("run_id").matches("[0-9a-f]{40}"), s.get("run_id"));
            assertTrue(s.containsKey("os") && s.containsKey("executable"), s.toString());
            Map<String, String> clients = info.get("Clients");
            assertEquals("1", clients.get("connected_clients"));
            assertEquals("10000", clients.get("maxclients"));
            assertEquals("0", clients.get("blocked_clients"));
            Map<String, String> memory = info.get("Memory");
            assertTrue(Long.parseLong(memory.get("used_memory")) > 0);
            assertEquals("0", memory.get("maxmemory"));
            assertEquals("noeviction", memory.get("maxmemory_policy"));
            Map<String, String> persistence = info.get("Persistence");
            assertEquals("0", persistence.get("loading"));
            assertEquals("1", persistence.get("aof_enabled"), "the memory engine keeps a log");
            assertEquals("master", info.get("Replication").get("role"));
            assertEquals("0", info.get("Cluster").get("cluster_enabled"));
            assertEquals(Map.of(), info.get("Keyspace"));
            assertTrue(info.get("Stats").containsKey("instantaneous_ops_per_sec"));
        }
    }

    @Test
    void sectionsByNameStatsAndKeyspace() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2", "EX", "1000");
            c.call("SELECT", "2");
            c.call("SET", "c", "3");
            c.call("SELECT", "0");
            c.call("GET", "a");
            c.call("GET", "a");
            c.call("GET", "nope");
            c.call("NOSUCHCOMMAND");
            c.call("INCR", "a", "b");
            c.call("SET", "gone", "x", "PX", "1");
            waitForExpiry(c, "gone");

            Map<String, Map<String, String>> info = info(c, "keyspace", "STATS", "nope");
            assertEquals(List.of("Stats", "Keyspace"), List.copyOf(info.keySet()), "Redis's order, unknown names left out");
            assertEquals(Map.of("db0", "keys=2,expires=1,avg_ttl=0", "db2", "keys=1,expires=0,avg_ttl=0"), info.get("Keyspace"));
            Map<String, String> stats = info.get("Stats");
            assertTrue(Long.parseLong(stats.get("keyspace_hits")) >= 2, stats.toString());
            assertTrue(Long.parseLong(stats.get("keyspace_misses")) >= 1, stats.toString());
            assertEquals("1", stats.get("expired_keys"));
            assertEquals("1", stats.get("total_connections_received"));
            assertTrue(Long.parseLong(stats.get("total_commands_processed")) >= 10, stats.toString());
            assertTrue(Long.parseLong(stats.get("total_net_input_bytes")) > 0, stats.toString());
            assertEquals("2", stats.get("total_error_replies"));
            Map<String, String> errors = info(c, "errorstats").get("Errorstats");
            assertEquals(Map.of("errorstat_ERR", "count=2"), errors);

            assertEquals("+OK\r\n", c.callRaw("CONFIG", "RESETSTAT"));
            Map<String, String> reset = info(c, "stats").get("Stats");
            assertEquals("0", reset.get("keyspace_hits"));
            assertEquals("0", reset.get("expired_keys"));
            assertEquals("0", reset.get("total_error_replies"));
            assertEquals("0", reset.get("total_connections_received"));

            assertEquals("", text(c.call("INFO", "nope")));
            assertTrue(text(c.call("INFO", "all")).startsWith("# Server\r\n"));
            assertEquals(info(c).keySet(), info(c, "everything").keySet());
        }
    }

    private static void waitForExpiry(RawClient c, String key) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(c.call("GET", key) instanceof Value.Null)) {
            if (System.nanoTime() > deadline) {
                fail(key + " did not expire");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void infoIsAVerbatimStringInResp3() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            c.call("HELLO", "3");
            String raw = c.callRaw("INFO", "keyspace");
            assertEquals("=16\r\ntxt:# Keyspace\r\n\r\n", raw);
            c.call("HELLO", "2");
            assertEquals("$12\r\n# Keyspace\r\n\r\n", c.callRaw("INFO", "keyspace"));
        }
    }

    @Test
    void configGetShapesAndPatterns() {
        try (Server server = TestServers.start(dir, "maxclients", "77"); RawClient c = new RawClient(server.port())) {
            c.call("HELLO", "2");
            assertEquals("*2\r\n$10\r\nmaxclients\r\n$2\r\n77\r\n", c.callRaw("CONFIG", "GET", "maxclients"));
            assertEquals("*2\r\n$10\r\nMAXCLIENTS\r\n$2\r\n77\r\n", c.callRaw("CONFIG", "GET", "MAXCLIENTS"),
                    "an exact name comes back as spelled, as in Redis");
            assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", c.callRaw("CONFIG", "GET", "save"));
            assertEquals("*0\r\n", c.callRaw("CONFIG", "GET", "nope"));
            assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", c.callRaw("CONFIG", "GET"));
            Map<String, String> many = pairs(c.call("CONFIG", "GET", "timeout", "maxmemory", "appendfsync", "appendonly",
                    "databases", "port", "bind", "dir", "requirepass", "proto-max-bulk-len", "maxmemory*"));
            assertEquals("0", many.get("timeout"));
            assertEquals("0", many.get("maxmemory"));
            assertEquals("noeviction", many.get("maxmemory-policy"));
            assertEquals("everysec", many.get("appendfsync"));
            assertEquals("yes", many.get("appendonly"));
            assertEquals("16", many.get("databases"));
            assertEquals(Integer.toString(server.port()), many.get("port"));
            assertEquals("127.0.0.1", many.get("bind"));
            assertEquals(dir.toAbsolutePath().normalize().toString(), many.get("dir"));
            assertEquals("", many.get("requirepass"));
            assertEquals("536870912", many.get("proto-max-bulk-len"));
            assertEquals(11, many.size(), many.toString());
            Map<String, String> globbed = pairs(c.call("CONFIG", "GET", "*max*"));
            assertEquals(List.of("maxclients", "proto-max-bulk-len", "maxmemory", "maxmemory-policy"), List.copyOf(globbed.keySet()));
            assertEquals(Map.of("maxclients", "77"), pairs(c.call("CONFIG", "GET", "maxclients", "MAXCLIENTS", "max?lients")),
                    "a parameter matched twice is listed once");

            c.call("HELLO", "3");
            assertEquals("%1\r\n$10\r\nmaxclients\r\n$2\r\n77\r\n", c.callRaw("CONFIG", "GET", "maxclients"));
            assertEquals("%0\r\n", c.callRaw("CONFIG", "GET", "nope"));
        }
    }

    static Map<String, String> pairs(Value v) {
        List<Value> items = ((Value.Array) v).items();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            m.put(text(items.get(i)), text(items.get(i + 1)));
        }
        return m;
    }

    @Test
    void configSetErrorsAsRedisWordsThem() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'nope'\r\n",
                    c.callRaw("CONFIG", "SET", "nope", "1"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed"
                    + " into an integer\r\n", c.callRaw("CONFIG", "SET", "maxclients", "x"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1"
                    + " and 1000000 inclusive\r\n", c.callRaw("CONFIG", "SET", "maxclients", "0"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - duplicate parameter\r\n",
                    c.callRaw("CONFIG", "SET", "maxclients", "10", "maxclients", "11"));
            assertEquals("-ERR wrong number of arguments for 'config|set' command\r\n", c.callRaw("CONFIG", "SET", "maxclients"));
            assertEquals("-ERR wrong number of arguments for 'config|set' command\r\n",
                    c.callRaw("CONFIG", "SET", "maxclients", "10", "requirepass"));
            String immutable = c.callRaw("CONFIG", "SET", "databases", "3");
            assertTrue(immutable.startsWith("-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set"
                    + " immutable config"), immutable);
            assertTrue(c.callRaw("CONFIG", "SET", "save", "").startsWith(
                    "-ERR CONFIG SET failed (possibly related to argument 'save') - "));
            // all or nothing: a bad second pair leaves the first unchanged
            assertTrue(c.callRaw("CONFIG", "SET", "maxclients", "5", "port", "1").startsWith("-ERR CONFIG SET failed"));
            assertEquals(Map.of("maxclients", "10000"), pairs(c.call("CONFIG", "GET", "maxclients")));
            assertTrue(c.callRaw("CONFIG", "REWRITE").startsWith("-ERR The server is running without a config file"));
            assertEquals("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n", c.callRaw("CONFIG", "FOO"));
            assertEquals("-ERR wrong number of arguments for 'config' command\r\n", c.callRaw("CONFIG"));
            assertInstanceOf(Value.Array.class, c.call("CONFIG", "HELP"));
        }
    }

    @Test
    void configSetChangesTheServer() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient admin = new RawClient(server.port())) {
            // requirepass: new connections must authenticate, existing ones stay authenticated
            assertEquals("+OK\r\n", admin.callRaw("CONFIG", "SET", "requirepass", "pw"));
            assertEquals(Map.of("requirepass", "pw"), pairs(admin.call("CONFIG", "GET", "requirepass")));
            assertEquals("+PONG\r\n", admin.callRaw("PING"));
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("-NOAUTH Authentication required.\r\n", c.callRaw("PING"));
                assertEquals("+OK\r\n", c.callRaw("AUTH", "pw"));
                assertEquals("+PONG\r\n", c.callRaw("PING"));
            }
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("-NOAUTH Authentication required.\r\n", c.callRaw("PING"));
                assertEquals("+OK\r\n", admin.callRaw("CONFIG", "SET", "requirepass", ""));
                assertEquals("+PONG\r\n", c.callRaw("PING"), "no password: nobody needs to authenticate");
            }

            // proto-max-bulk-len: for connections made afterwards (memory units as in Redis)
            assertEquals("+OK\r\n", admin.callRaw("CONFIG", "SET", "proto-max-bulk-len", "1kb"));
            assertEquals(Map.of("proto-max-bulk-len", "1024"), pairs(admin.call("CONFIG", "GET", "proto-max-bulk-len")));
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("+OK\r\n", c.callRaw("SET", "k", "x".repeat(1024)));
                assertEquals("-ERR Protocol error: invalid bulk length\r\n", c.callRaw("SET", "k", "x".repeat(1025)));
                c.assertClosedByServer();
            }
            assertEquals("+OK\r\n", admin.callRaw("SET", "k", "x".repeat(2000)), "the admin connection is older");

            // maxclients: applies to the next connection
            assertEquals("+OK\r\n", admin.callRaw("CONFIG", "SET", "maxclients", "1"));
            try (RawClient refused = new RawClient(server.port())) {
                assertEquals(new Value.Error("ERR max number of clients reached"), refused.read());
            }
            assertEquals("+OK\r\n", admin.callRaw("CONFIG", "SET", "maxclients", "10"));
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("+PONG\r\n", c.callRaw("PING"));
            }
            Map<String, String> stats = info(admin, "stats").get("Stats");
            assertTrue(Long.parseLong(stats.get("rejected_connections")) >= 1, stats.toString());
        }
    }

    @Test
    void time() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            long before = System.currentTimeMillis() / 1000;
            List<Value> t = ((Value.Array) c.call("TIME")).items();
            long after = System.currentTimeMillis() / 1000;
            assertEquals(2, t.size());
            long seconds = Long.parseLong(text(t.get(0)));
            long micros = Long.parseLong(text(t.get(1)));
            assertTrue(seconds >= before && seconds <= after, seconds + " in [" + before + ", " + after + "]");
            assertTrue(micros >= 0 && micros < 1_000_000, Long.toString(micros));
            assertEquals("-ERR wrong number of arguments for 'time' command\r\n", c.callRaw("TIME", "x"));
            c.call("HELLO", "3");
            assertTrue(c.callRaw("TIME").startsWith("*2\r\n$"), "an array of two bulk strings in RESP3 too");
        }
    }
}

package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.command.CommandSpec;
import dev.simpleredis.server.command.CommandTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** COMMAND and its subcommands, generated from the command table, in RESP2 and RESP3 shapes. */
@Timeout(60)
class CommandCommandTest {

    @TempDir
    Path dir;

    static List<String> names(Value v) {
        List<String> out = new ArrayList<>();
        for (Value item : ((Value.Array) v).items()) {
            out.add(((Value.Bulk) item).text());
        }
        return out;
    }

    @Test
    void infoHasRedisShapeInBothProtocols() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            c.call("HELLO", "2");
            // as redis-server 7 replies, except the key specs (empty here)
            assertEquals("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
                    + "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*0\r\n*0\r\n", c.callRaw("COMMAND", "INFO", "get"));
            assertEquals("*1\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
                    + "*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n", c.callRaw("COMMAND", "INFO", "CLIENT|ID"));
            assertEquals("*2\r\n*10\r\n$4\r\nmset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:2\r\n"
                    + "*3\r\n+@write\r\n+@string\r\n+@slow\r\n*0\r\n*0\r\n*0\r\n$-1\r\n", c.callRaw("COMMAND", "INFO", "MSET", "nope"));
            c.call("HELLO", "3");
            assertEquals("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
                    + "~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~0\r\n~0\r\n", c.callRaw("COMMAND", "INFO", "get"));
            assertEquals("*1\r\n_\r\n", c.callRaw("COMMAND", "INFO", "nope"));
            assertEquals("*1\r\n*10\r\n$4\r\nquit\r\n:-1\r\n~6\r\n+noscript\r\n+loading\r\n+stale\r\n+fast\r\n+no_auth\r\n"
                    + "+allow_busy\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n",
                    c.callRaw("COMMAND", "INFO", "quit"));
            // a container lists its subcommands in the tenth field
            String client = c.callRaw("COMMAND", "INFO", "client");
            assertTrue(client.startsWith("*1\r\n*10\r\n$6\r\nclient\r\n:-2\r\n~0\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n*"),
                    client);
            assertTrue(client.contains("$11\r\nclient|kill\r\n:-3\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n"), client);
        }
    }

    @Test
    void everyCommandIsDescribedAsTheTableSays() {
        CommandTable table = CommandTable.standard();
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            assertEquals(Value.Int.of(table.all().size()), c.call("COMMAND", "COUNT"));
            List<Value> all = ((Value.Array) c.call("COMMAND")).items();
            assertEquals(table.all().size(), all.size());
            List<CommandSpec> specs = List.copyOf(table.all());
            for (int i = 0; i < specs.size(); i++) {
                List<Value> entry = ((Value.Array) all.get(i)).items();
                assertEquals(10, entry.size());
                assertEquals(Value.Bulk.of(specs.get(i).name()), entry.get(0));
                assertEquals(Value.Int.of(specs.get(i).arity()), entry.get(1));
                assertEquals(Value.Int.of(specs.get(i).firstKey()), entry.get(3));
            }
            assertEquals(all, ((Value.Array) c.call("COMMAND", "INFO")).items(), "COMMAND INFO without names is COMMAND");

            List<String> list = names(c.call("COMMAND", "LIST"));
            assertTrue(list.containsAll(List.of("get", "set", "hello", "client", "client|kill", "config|get", "command|docs")), list.toString());
            assertEquals(List.of(), names(c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "json")));
            assertEquals(List.of(), names(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nope")));
            assertEquals(List.of("config", "config|get", "config|set", "config|resetstat", "config|rewrite", "config|help"),
                    names(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG*")));
            List<String> connection = names(c.call("COMMAND", "LIST", "FILTERBY", "aclcat", "connection"));
            assertTrue(connection.containsAll(List.of("ping", "hello", "client|id", "command")), connection.toString());
            assertTrue(!connection.contains("client") && !connection.contains("get"), connection.toString());
            assertEquals("-ERR syntax error\r\n", c.callRaw("COMMAND", "LIST", "FILTERBY", "x", "y"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("COMMAND", "LIST", "x"));
            assertEquals("-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n", c.callRaw("COMMAND", "FOO"));
            assertEquals("-ERR wrong number of arguments for 'command|count' command\r\n", c.callRaw("COMMAND", "COUNT", "x"));
            assertInstanceOf(Value.Array.class, c.call("COMMAND", "HELP"));
        }
    }

    @Test
    void docsIsAMapInResp3AndPairsInResp2() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            c.call("HELLO", "3");
            String get = c.callRaw("COMMAND", "DOCS", "get");
            assertEquals("%1\r\n$3\r\nget\r\n%4\r\n$7\r\nsummary\r\n$27\r\nReturns the value of a key.\r\n$5\r\nsince\r\n"
                    + "$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$9\r\narguments\r\n*1\r\n%2\r\n$4\r\nname\r\n$3\r\nkey\r\n"
                    + "$4\r\ntype\r\n$3\r\nkey\r\n", get);
            // argument flags are a set of simple strings, as redis-cli expects
            String scan = c.callRaw("COMMAND", "DOCS", "scan");
            assertTrue(scan.contains("%4\r\n$4\r\nname\r\n$7\r\npattern\r\n$4\r\ntype\r\n$7\r\npattern\r\n$5\r\ntoken\r\n"
                    + "$5\r\nMATCH\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"), scan);
            assertEquals("%0\r\n", c.callRaw("COMMAND", "DOCS", "nope"));
            c.call("HELLO", "2");
            assertEquals("*2\r\n$3\r\nget\r\n*8\r\n$7\r\nsummary\r\n$27\r\nReturns the value of a key.\r\n$5\r\nsince\r\n"
                    + "$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$3\r\nkey\r\n"
                    + "$4\r\ntype\r\n$3\r\nkey\r\n", c.callRaw("COMMAND", "DOCS", "GET"));
            assertEquals("*0\r\n", c.callRaw("COMMAND", "DOCS", "nope"));

            // SET's arguments as Redis documents them: key, value, two optional one-ofs and GET
            List<Value> set = ((Value.Array) c.call("COMMAND", "DOCS", "set")).items();
            List<Value> doc = ((Value.Array) set.get(1)).items();
            List<Value> args = ((Value.Array) doc.get(doc.indexOf(Value.Bulk.of("arguments")) + 1)).items();
            assertEquals(List.of("key", "value", "condition", "get", "expiration"),
                    args.stream().map(a -> ((Value.Bulk) ((Value.Array) a).items().get(1)).text()).toList());
            assertEquals(List.of(Value.Bulk.of("name"), Value.Bulk.of("seconds"), Value.Bulk.of("type"), Value.Bulk.of("integer"),
                    Value.Bulk.of("token"), Value.Bulk.of("EX")),
                    ((Value.Array) ((Value.Array) ((Value.Array) args.get(4)).items().get(7)).items().getFirst()).items());

            // every command has docs, subcommands under their container
            Value all = c.call("COMMAND", "DOCS");
            List<Value> flat = ((Value.Array) all).items();
            assertEquals(2 * CommandTable.standard().all().size(), flat.size());
            List<Value> client = ((Value.Array) flat.get(flat.indexOf(Value.Bulk.of("client")) + 1)).items();
            assertTrue(client.contains(Value.Bulk.of("subcommands")), client.toString());
        }
    }

    @Test
    void getKeys() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            assertEquals(List.of("a", "b"), names(c.call("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")));
            assertEquals(List.of("k"), names(c.call("COMMAND", "GETKEYS", "set", "k", "v", "EX", "10")));
            assertEquals(List.of("x", "y", "z"), names(c.call("COMMAND", "GETKEYS", "del", "x", "y", "z")));
            assertEquals(List.of("src", "dst"), names(c.call("COMMAND", "GETKEYS", "rename", "src", "dst")));
            assertEquals("-ERR Invalid command specified\r\n", c.callRaw("COMMAND", "GETKEYS", "nope", "a"));
            assertEquals("-ERR The command has no key arguments\r\n", c.callRaw("COMMAND", "GETKEYS", "client", "kill", "x"));
            assertEquals("-ERR Invalid number of arguments specified for command\r\n",
                    c.callRaw("COMMAND", "GETKEYS", "get", "a", "b"));
            assertEquals("-ERR wrong number of arguments for 'command|getkeys' command\r\n", c.callRaw("COMMAND", "GETKEYS", "get"));
        }
    }

    @Test
    void getKeysAfterNumkeys() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            assertEquals(List.of("d", "a", "b"),
                    names(c.call("COMMAND", "GETKEYS", "zunionstore", "d", "2", "a", "b", "weights", "1", "2")));
            assertEquals(List.of("a", "b"), names(c.call("COMMAND", "GETKEYS", "zunion", "2", "a", "b", "withscores")));
            assertEquals(List.of("a", "b"), names(c.call("COMMAND", "GETKEYS", "sintercard", "2", "a", "b", "limit", "1")));
            // numkeys 0, negative, not a number, or more than the arguments after it: no keys to give
            for (String numKeys : List.of("0", "-1", "abc", "3")) {
                assertEquals("-ERR Invalid arguments specified for command\r\n",
                        c.callRaw("COMMAND", "GETKEYS", "zunion", numKeys, "a", "b"), numKeys);
            }
            assertEquals("-ERR Invalid number of arguments specified for command\r\n",
                    c.callRaw("COMMAND", "GETKEYS", "zunionstore", "d", "1"));
        }
    }

    @Test
    void flagsAndKeysMatchRedis() {
        // spot checks against redis-server 7's COMMAND INFO
        CommandTable table = CommandTable.standard();
        Map<String, String> expected = Map.ofEntries(
                Map.entry("set", "[WRITE, DENYOOM] 1 1 1 [WRITE, STRING, SLOW]"),
                Map.entry("keys", "[READONLY] 0 0 0 [KEYSPACE, READ, SLOW, DANGEROUS]"),
                Map.entry("flushdb", "[WRITE] 0 0 0 [KEYSPACE, WRITE, SLOW, DANGEROUS]"),
                Map.entry("msetnx", "[WRITE, DENYOOM] 1 -1 2 [WRITE, STRING, SLOW]"),
                Map.entry("hello", "[NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY] 0 0 0 [FAST, CONNECTION]"),
                Map.entry("client|list", "[ADMIN, NOSCRIPT, LOADING, STALE] 0 0 0 [ADMIN, SLOW, DANGEROUS, CONNECTION]"),
                Map.entry("config|get", "[ADMIN, NOSCRIPT, LOADING, STALE] 0 0 0 [ADMIN, SLOW, DANGEROUS]"),
                Map.entry("info", "[LOADING, STALE] 0 0 0 [SLOW, DANGEROUS]"),
                Map.entry("shutdown", "[ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY] 0 0 0 [ADMIN, SLOW, DANGEROUS]"),
                Map.entry("command|docs", "[LOADING, STALE] 0 0 0 [SLOW, CONNECTION]"),
                Map.entry("zunionstore", "[WRITE, DENYOOM, MOVABLEKEYS] 1 1 1 [WRITE, SORTEDSET, SLOW]"),
                Map.entry("zinter", "[READONLY, MOVABLEKEYS] 0 0 0 [READ, SORTEDSET, SLOW]"),
                Map.entry("sintercard", "[READONLY, MOVABLEKEYS] 0 0 0 [READ, SET, SLOW]"),
                Map.entry("zdiffstore", "[WRITE, DENYOOM, MOVABLEKEYS] 1 1 1 [WRITE, SORTEDSET, SLOW]"),
                Map.entry("zintercard", "[READONLY, MOVABLEKEYS] 0 0 0 [READ, SORTEDSET, SLOW]"),
                Map.entry("zmpop", "[WRITE, MOVABLEKEYS] 0 0 0 [WRITE, SORTEDSET, SLOW]"),
                Map.entry("bzmpop", "[WRITE, BLOCKING, MOVABLEKEYS] 0 0 0 [WRITE, SORTEDSET, SLOW, BLOCKING]"),
                Map.entry("lmpop", "[WRITE, MOVABLEKEYS] 0 0 0 [WRITE, LIST, SLOW]"),
                Map.entry("blmpop", "[WRITE, BLOCKING, MOVABLEKEYS] 0 0 0 [WRITE, LIST, SLOW, BLOCKING]"),
                Map.entry("bzpopmin", "[WRITE, NOSCRIPT, BLOCKING, FAST] 1 -2 1 [WRITE, SORTEDSET, FAST, BLOCKING]"));
        expected.forEach((name, flags) -> {
            CommandSpec s = table.find(name);
            assertEquals(flags, s.flags() + " " + s.firstKey() + " " + s.lastKey() + " " + s.keyStep() + " " + s.categories(), name);
        });
    }
}

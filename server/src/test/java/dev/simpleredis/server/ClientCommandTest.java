package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CLIENT and its subcommands over real sockets, compared with Redis 7.2's replies. */
@Timeout(60)
class ClientCommandTest {

    /** Redis 7.2's CLIENT LIST fields, in order. */
    static final List<String> FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub",
            "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem",
            "tot-mem", "events", "cmd", "user", "redir", "resp", "lib-name", "lib-ver");

    @TempDir
    Path dir;

    static long id(RawClient c) {
        return ((Value.Int) c.call("CLIENT", "ID")).value();
    }

    /** One CLIENT LIST line as field name to value, checking the field order. */
    static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        assertEquals(FIELDS, List.copyOf(m.keySet()), line);
        return m;
    }

    static String text(Value v) {
        return ((Value.Bulk) v).text();
    }

    @Test
    void idNameAndErrors() {
        try (Server server = TestServers.start(dir); RawClient a = new RawClient(server.port());
             RawClient b = new RawClient(server.port())) {
            long ia = id(a);
            long ib = id(b);
            assertTrue(ib > ia, "ids grow");
            assertEquals("$-1\r\n", a.callRaw("CLIENT", "GETNAME"));
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETNAME", "worker-1"));
            assertEquals("$8\r\nworker-1\r\n", a.callRaw("CLIENT", "GETNAME"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    a.callRaw("CLIENT", "SETNAME", "a b"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    a.callRaw("CLIENT", "SETNAME", "a\nb"));
            assertEquals("$8\r\nworker-1\r\n", a.callRaw("CLIENT", "GETNAME"), "a refused name changes nothing");
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETNAME", ""));
            assertEquals("$-1\r\n", a.callRaw("CLIENT", "GETNAME"), "an empty name clears it");

            assertEquals("-ERR wrong number of arguments for 'client' command\r\n", a.callRaw("CLIENT"));
            assertEquals("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", a.callRaw("CLIENT", "FOO"));
            assertEquals("-ERR unknown subcommand 'tracking'. Try CLIENT HELP.\r\n", a.callRaw("CLIENT", "tracking", "on"));
            assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n", a.callRaw("CLIENT", "SETNAME"));
            assertEquals("-ERR wrong number of arguments for 'client|id' command\r\n", a.callRaw("CLIENT", "ID", "x"));
            assertEquals("-ERR wrong number of arguments for 'client|getname' command\r\n",
                    a.callRaw("CLIENT", "GETNAME", "x"));
            assertEquals(":-1\r\n", a.callRaw("CLIENT", "GETREDIR"));
            Value help = a.call("CLIENT", "HELP");
            assertEquals(new Value.Simple("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                    ((Value.Array) help).items().getFirst());
        }
    }

    @Test
    void listAndInfoUseRedisLineFormat() {
        try (Server server = TestServers.start(dir); RawClient a = new RawClient(server.port());
             RawClient b = new RawClient(server.port())) {
            long ia = id(a);
            long ib = id(b);
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETNAME", "alpha"));
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETINFO", "LIB-NAME", "redis-py"));
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETINFO", "lib-ver", "5.0.1"));
            assertEquals("+OK\r\n", a.callRaw("SELECT", "3"));
            String list = text(a.call("CLIENT", "LIST"));
            assertTrue(list.endsWith("\n"), list);
            String[] lines = list.split("\n");
            assertEquals(2, lines.length, list);
            Map<String, String> first = fields(lines[0]);
            assertEquals(Long.toString(ia), first.get("id"));
            assertTrue(Pattern.matches("127\\.0\\.0\\.1:\\d+", first.get("addr")), first.get("addr"));
            assertEquals("127.0.0.1:" + server.port(), first.get("laddr"));
            assertEquals("alpha", first.get("name"));
            assertEquals("N", first.get("flags"));
            assertEquals("3", first.get("db"));
            assertEquals("client|list", first.get("cmd"));
            assertEquals("default", first.get("user"));
            assertEquals("2", first.get("resp"));
            assertEquals("redis-py", first.get("lib-name"));
            assertEquals("5.0.1", first.get("lib-ver"));
            assertEquals("-1", first.get("multi"));
            Map<String, String> second = fields(lines[1]);
            assertEquals(Long.toString(ib), second.get("id"));
            assertEquals("", second.get("name"));
            assertEquals("client|id", second.get("cmd"));
            assertEquals("", second.get("lib-name"));

            // CLIENT INFO is this connection's line; RESP3 sends it as a verbatim string
            Map<String, String> info = fields(text(b.call("CLIENT", "INFO")).stripTrailing());
            assertEquals(Long.toString(ib), info.get("id"));
            assertEquals("client|info", info.get("cmd"));
            b.call("HELLO", "3");
            String raw = b.callRaw("CLIENT", "INFO");
            assertTrue(raw.startsWith("=") && raw.contains("\r\ntxt:id=" + ib + " "), raw);
            assertTrue(raw.contains(" resp=3 "), raw);
            assertEquals("=4\r\ntxt:\r\n", b.callRaw("CLIENT", "LIST", "TYPE", "pubsub"));

            // filters
            assertEquals(1, text(a.call("CLIENT", "LIST", "ID", Long.toString(ib))).split("\n").length);
            assertEquals(2, text(a.call("CLIENT", "LIST", "ID", Long.toString(ia), Long.toString(ib), "999")).split("\n").length);
            assertEquals("$0\r\n\r\n", a.callRaw("CLIENT", "LIST", "ID", "0"));
            assertEquals(2, text(a.call("CLIENT", "LIST", "TYPE", "normal")).split("\n").length);
            assertEquals("$0\r\n\r\n", a.callRaw("CLIENT", "LIST", "TYPE", "master"));
            assertEquals("-ERR Unknown client type 'foo'\r\n", a.callRaw("CLIENT", "LIST", "TYPE", "foo"));
            assertEquals("-ERR Invalid client ID\r\n", a.callRaw("CLIENT", "LIST", "ID", "x"));
            assertEquals("-ERR syntax error\r\n", a.callRaw("CLIENT", "LIST", "ID"));
            assertEquals("-ERR syntax error\r\n", a.callRaw("CLIENT", "LIST", "foo"));
            assertEquals("-ERR syntax error\r\n", a.callRaw("CLIENT", "LIST", "TYPE", "normal", "ID", "1"));
        }
    }

    @Test
    void setInfoNoEvictNoTouch() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            assertEquals("-ERR Unrecognized option 'foo'\r\n", c.callRaw("CLIENT", "SETINFO", "foo", "x"));
            assertEquals("-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n",
                    c.callRaw("CLIENT", "SETINFO", "lib-ver", "a b"));
            assertEquals("-ERR wrong number of arguments for 'client|setinfo' command\r\n",
                    c.callRaw("CLIENT", "SETINFO", "lib-name"));
            assertEquals("+OK\r\n", c.callRaw("CLIENT", "NO-EVICT", "on"));
            assertEquals("+OK\r\n", c.callRaw("CLIENT", "NO-TOUCH", "ON"));
            assertEquals("eT", fields(text(c.call("CLIENT", "INFO")).stripTrailing()).get("flags"));
            assertEquals("+OK\r\n", c.callRaw("CLIENT", "NO-EVICT", "off"));
            assertEquals("+OK\r\n", c.callRaw("CLIENT", "NO-TOUCH", "off"));
            assertEquals("N", fields(text(c.call("CLIENT", "INFO")).stripTrailing()).get("flags"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("CLIENT", "NO-EVICT", "x"));
            assertEquals("-ERR wrong number of arguments for 'client|no-evict' command\r\n", c.callRaw("CLIENT", "NO-EVICT"));
        }
    }

    @Test
    void replyOffSkipOn() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("CLIENT", "REPLY", "OFF"));
            c.send(RawClient.command("SET", "k", "1"));
            c.send(RawClient.command("PING"));
            c.send(RawClient.command("CLIENT", "REPLY", "ON"));
            assertEquals("+OK\r\n", c.readRaw(), "only ON's reply comes");
            c.send(RawClient.command("CLIENT", "REPLY", "SKIP"));
            c.send(RawClient.command("INCR", "k"));
            c.send(RawClient.command("GET", "k"));
            assertEquals("$1\r\n2\r\n", c.readRaw(), "SKIP hides itself and the next reply");
            assertEquals("-ERR syntax error\r\n", c.callRaw("CLIENT", "REPLY", "maybe"));
            assertEquals("-ERR wrong number of arguments for 'client|reply' command\r\n", c.callRaw("CLIENT", "REPLY"));
        }
    }

    @Test
    void killClosesTheVictimsSocket() {
        try (Server server = TestServers.start(dir, "protocol", "resp2"); RawClient admin = new RawClient(server.port());
             RawClient byId = new RawClient(server.port()); RawClient byAddr = new RawClient(server.port());
             RawClient oldForm = new RawClient(server.port())) {
            long victim = id(byId);
            Map<String, String> addrLine = fields(text(byAddr.call("CLIENT", "INFO")).stripTrailing());
            Map<String, String> oldLine = fields(text(oldForm.call("CLIENT", "INFO")).stripTrailing());

            assertEquals(":1\r\n", admin.callRaw("CLIENT", "KILL", "ID", Long.toString(victim)));
            byId.assertClosedByServer();
            assertEquals(":0\r\n", admin.callRaw("CLIENT", "KILL", "ID", Long.toString(victim)), "already gone");

            assertEquals(":1\r\n", admin.callRaw("CLIENT", "KILL", "ADDR", addrLine.get("addr"), "SKIPME", "yes"));
            byAddr.assertClosedByServer();

            assertEquals("+OK\r\n", admin.callRaw("CLIENT", "KILL", oldLine.get("addr")));
            oldForm.assertClosedByServer();
            assertEquals("-ERR No such client\r\n", admin.callRaw("CLIENT", "KILL", oldLine.get("addr")));

            assertEquals(1, text(admin.call("CLIENT", "LIST")).split("\n").length, "only the admin is left");
            assertEquals(":0\r\n", admin.callRaw("CLIENT", "KILL", "USER", "default"), "SKIPME yes by default");
            assertEquals(":0\r\n", admin.callRaw("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "no"));
            assertEquals(":0\r\n", admin.callRaw("CLIENT", "KILL", "LADDR", "1.1.1.1:1"));
            assertEquals("-ERR client-id should be greater than 0\r\n", admin.callRaw("CLIENT", "KILL", "ID", "0"));
            assertEquals("-ERR client-id should be greater than 0\r\n", admin.callRaw("CLIENT", "KILL", "ID", "x"));
            assertEquals("-ERR No such user 'bob'\r\n", admin.callRaw("CLIENT", "KILL", "USER", "bob"));
            assertEquals("-ERR Unknown client type 'foo'\r\n", admin.callRaw("CLIENT", "KILL", "TYPE", "foo"));
            assertEquals("-ERR syntax error\r\n", admin.callRaw("CLIENT", "KILL", "SKIPME", "maybe"));
            assertEquals("-ERR syntax error\r\n", admin.callRaw("CLIENT", "KILL", "ID", "1", "ID"));
            assertEquals("-ERR syntax error\r\n", admin.callRaw("CLIENT", "KILL", "MAXAGE", "5"));
            assertEquals("-ERR No such client\r\n", admin.callRaw("CLIENT", "KILL", "ADDR"), "three words: the old form");
            assertEquals("-ERR wrong number of arguments for 'client|kill' command\r\n", admin.callRaw("CLIENT", "KILL"));

            // killing oneself: the reply still arrives, then the connection closes
            assertEquals(":1\r\n", admin.callRaw("CLIENT", "KILL", "USER", "default", "SKIPME", "no"));
            admin.assertClosedByServer();
        }
        try (Server server = TestServers.start(dir); RawClient self = new RawClient(server.port())) {
            String addr = fields(text(self.call("CLIENT", "INFO")).stripTrailing()).get("addr");
            assertEquals("+OK\r\n", self.callRaw("CLIENT", "KILL", addr));
            self.assertClosedByServer();
        }
    }

    @Test
    void killedClientsLeaveTheListAndFreeTheirSlot() {
        try (Server server = TestServers.start(dir, "maxclients", "2"); RawClient admin = new RawClient(server.port())) {
            try (RawClient victim = new RawClient(server.port())) {
                long id = id(victim);
                assertEquals(":1\r\n", admin.callRaw("CLIENT", "KILL", "ID", Long.toString(id)));
                victim.assertClosedByServer();
                String list = text(admin.call("CLIENT", "LIST"));
                assertFalse(Arrays.stream(list.split("\n")).anyMatch(l -> l.startsWith("id=" + id + " ")), list);
            }
            try (RawClient next = new RawClient(server.port())) {
                assertInstanceOf(Value.Int.class, next.call("CLIENT", "ID"), "the killed client's slot is free");
            }
        }
    }
}

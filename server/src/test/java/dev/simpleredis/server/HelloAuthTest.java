package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simpleredis.api.Value;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HELLO, AUTH and RESET, byte for byte as Redis 7.2 replies, with and without requirepass. */
@Timeout(60)
class HelloAuthTest {

    static final String NOAUTH = "-NOAUTH Authentication required.\r\n";
    static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    @TempDir
    Path dir;

    /** HELLO's reply as Redis sends it in RESP3 (a map) or RESP2 (a flat array). */
    static String hello(int proto, long id) {
        String body = "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.4\r\n$5\r\nproto\r\n:" + proto + "\r\n"
                + "$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                + "$7\r\nmodules\r\n*0\r\n";
        return (proto == 3 ? "%7\r\n" : "*14\r\n") + body;
    }

    static long id(RawClient c) {
        return ((Value.Int) c.call("CLIENT", "ID")).value();
    }

    @Test
    void helloSwitchesTheProtocolAndRepliesInTheNewOne() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            long id = id(c);
            assertEquals(":1\r\n", c.callRaw("SET", "k", "v"), "seed dialect before HELLO");
            assertEquals(hello(3, id), c.callRaw("HELLO", "3"));
            assertEquals("+OK\r\n", c.callRaw("SET", "k", "v"));
            assertEquals("_\r\n", c.callRaw("GET", "nope"));
            assertEquals(hello(3, id), c.callRaw("HELLO"), "no version keeps RESP3");
            assertEquals(hello(2, id), c.callRaw("HELLO", "2"));
            assertEquals("$-1\r\n", c.callRaw("GET", "nope"));
            assertEquals(hello(2, id), c.callRaw("HELLO"), "no version keeps RESP2");
        }
    }

    @Test
    void helloWithoutVersionTurnsASeedConnectionIntoRedisResp2() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            long id = id(c);
            assertEquals(hello(2, id), c.callRaw("HELLO"));
            assertEquals("+OK\r\n", c.callRaw("SET", "k", "v"));
            assertEquals("+OK\r\n", c.callRaw("MSET", "a", "1", "b", "2"));
        }
    }

    @Test
    void helloErrorsAreRedisOnesAndChangeNothing() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.callRaw("HELLO", "4"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.callRaw("HELLO", "1"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", c.callRaw("HELLO", "x"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", c.callRaw("HELLO", "3.0"));
            assertEquals("-ERR Syntax error in HELLO option 'foo'\r\n", c.callRaw("HELLO", "3", "foo"));
            assertEquals("-ERR Syntax error in HELLO option 'AUTH'\r\n", c.callRaw("HELLO", "3", "AUTH", "default"));
            assertEquals("-ERR Syntax error in HELLO option 'SETNAME'\r\n", c.callRaw("HELLO", "3", "SETNAME"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    c.callRaw("HELLO", "3", "SETNAME", "a b"));
            assertEquals(WRONGPASS, c.callRaw("HELLO", "3", "AUTH", "bob", "x"));
            // still the seed dialect: none of those switched it
            assertEquals(":1\r\n", c.callRaw("SET", "k", "v"));
        }
    }

    @Test
    void helloSetsTheNameAndAcceptsAnyPasswordForDefaultWhenNoneIsRequired() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            long id = id(c);
            assertEquals(hello(3, id), c.callRaw("HELLO", "3", "AUTH", "default", "anything", "SETNAME", "app-1"));
            assertEquals("$5\r\napp-1\r\n", c.callRaw("CLIENT", "GETNAME"));
        }
    }

    @Test
    void authWithoutAConfiguredPassword() {
        try (Server server = TestServers.start(dir); RawClient c = new RawClient(server.port())) {
            assertEquals("-ERR AUTH <password> called without any password configured for the default user. Are you sure"
                    + " your configuration is correct?\r\n", c.callRaw("AUTH", "x"));
            assertEquals("+OK\r\n", c.callRaw("AUTH", "default", "x"));
            assertEquals(WRONGPASS, c.callRaw("AUTH", "bob", "x"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("AUTH", "a", "b", "c"));
            assertEquals("-ERR wrong number of arguments for 'auth' command\r\n", c.callRaw("AUTH"));
        }
    }

    @Test
    void requirepassFlow() {
        try (Server server = TestServers.start(dir, "requirepass", "s3cret"); RawClient c = new RawClient(server.port())) {
            // lookup errors come first, as in Redis; everything else waits for AUTH
            assertEquals("-ERR unknown command 'FOO', with args beginning with: \r\n", c.callRaw("FOO"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.callRaw("GET"));
            assertEquals(NOAUTH, c.callRaw("PING"));
            assertEquals(NOAUTH, c.callRaw("GET", "k"));
            assertEquals(NOAUTH, c.callRaw("CLIENT", "ID"));
            assertEquals(NOAUTH, c.callRaw("SELECT", "1"));
            assertEquals("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto>"
                    + " AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol"
                    + " version at the same time\r\n", c.callRaw("HELLO", "3"));
            assertEquals(WRONGPASS, c.callRaw("AUTH", "wrong"));
            assertEquals(WRONGPASS, c.callRaw("AUTH", "bob", "s3cret"));
            assertEquals(WRONGPASS, c.callRaw("HELLO", "2", "AUTH", "default", "wrong"));
            assertEquals(NOAUTH, c.callRaw("PING"));
            assertEquals("+OK\r\n", c.callRaw("AUTH", "s3cret"));
            assertEquals("+PONG\r\n", c.callRaw("PING"));
            assertEquals(":1\r\n", c.callRaw("SET", "k", "v"));

            // RESET forgets the authentication, the name, the database and the protocol
            long id = id(c);
            assertEquals(hello(3, id), c.callRaw("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "nm"));
            assertEquals("+OK\r\n", c.callRaw("SELECT", "2"));
            assertEquals("+RESET\r\n", c.callRaw("RESET"));
            assertEquals(NOAUTH, c.callRaw("CLIENT", "GETNAME"));
            assertEquals("+OK\r\n", c.callRaw("AUTH", "default", "s3cret"));
            assertEquals("$-1\r\n", c.callRaw("CLIENT", "GETNAME"));
            assertEquals("$1\r\nv\r\n", c.callRaw("GET", "k"), "back in database 0");
            assertEquals(":1\r\n", c.callRaw("SET", "k2", "v"), "back in the server's default dialect");
            assertEquals("-ERR wrong number of arguments for 'reset' command\r\n", c.callRaw("RESET", "x"));
        }
        try (Server server = TestServers.start(dir, "requirepass", "s3cret"); RawClient c = new RawClient(server.port())) {
            // HELLO with AUTH authenticates and switches at once; QUIT needs no password
            long id = 1;
            assertEquals(hello(2, id), c.callRaw("HELLO", "2", "AUTH", "default", "s3cret"));
            assertEquals("+OK\r\n", c.callRaw("SET", "k", "v"));
        }
        try (Server server = TestServers.start(dir, "requirepass", "s3cret"); RawClient c = new RawClient(server.port())) {
            assertEquals("+OK\r\n", c.callRaw("QUIT"));
            c.assertClosedByServer();
        }
    }

    @Test
    void requirepassIsASettingThatLogsDoNotShow() {
        ServerConfig config = ServerConfig.from(TestServers.props(dir, "requirepass", "pw-S3cr3t-123"));
        assertEquals("pw-S3cr3t-123", config.requirePass());
        assertEquals(-1, config.toString().indexOf("pw-S3cr3t-123"), config.toString());
        assertEquals("", ServerConfig.from(TestServers.props(dir)).requirePass());
    }

    @Test
    void resetWithoutPasswordKeepsTheConnectionUsable() {
        try (Server server = TestServers.start(dir, "protocol", "resp3"); RawClient c = new RawClient(server.port())) {
            assertEquals("+OK\r\n", c.callRaw("CLIENT", "SETNAME", "x"));
            assertEquals(hello(2, id(c)), c.callRaw("HELLO", "2"));
            assertEquals("+OK\r\n", c.callRaw("CLIENT", "REPLY", "ON"));
            assertEquals("+RESET\r\n", c.callRaw("RESET"));
            assertEquals("_\r\n", c.callRaw("CLIENT", "GETNAME"), "back to the server's default, RESP3");
            assertEquals("+PONG\r\n", c.callRaw("PING"));
        }
    }
}

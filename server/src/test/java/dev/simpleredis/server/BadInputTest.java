package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.client.Client;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input over real sockets. Each case checks what the offending client gets (an {@code -ERR}
 * reply; for a protocol error also a closed connection); after each, {@link #unharmed()} checks
 * that a client connected before and one connected after still work, and that the data stored
 * before is unchanged.
 */
@Timeout(60)
class BadInputTest {

    private static final Object KEEP_VALUE = Map.of("vx", Map.of("vy", 0L, "vz", List.of(1L, 2L, 3L)));

    @TempDir
    Path dir;

    private Server server;
    private RawClient bystander;

    @BeforeEach
    void start() {
        server = TestServers.start(dir);
        try (Client c = client()) {
            assertEquals(1L, c.set("keep", KEEP_VALUE));
            assertEquals(1L, c.set("plain", "v"));
        }
        bystander = new RawClient(server.port());
        assertEquals(Value.bulk("v"), bystander.call("GET", "plain"));
    }

    @AfterEach
    void unharmed() {
        try {
            assertEquals(Value.bulk("v"), bystander.call("GET", "plain"), "a client connected before still works");
            try (Client after = client()) {
                assertEquals(KEEP_VALUE, after.get("keep"), "data stored before is unchanged");
                assertEquals("v", after.get("plain"));
                assertEquals(Arrays.asList(null, null), after.mget("a", "b"), "nothing else was written");
                assertEquals(1L, after.set("after", "works"));
                assertEquals(1L, after.delete("after"));
            }
        } finally {
            bystander.close();
            server.close();
        }
    }

    private Client client() {
        return new Client("127.0.0.1", server.port(), 10_000);
    }

    /** Sends {@code input} and checks the reply is {@code error} followed by an orderly close. */
    private void protocolError(byte[] input, String error) throws Exception {
        try (RawClient bad = new RawClient(server.port())) {
            CompletableFuture<Boolean> sent = bad.sendInBackground(input);
            Value reply = bad.read();
            assertEquals(new Value.Error(error), reply);
            bad.assertClosedByServer();
            sent.get(30, TimeUnit.SECONDS);
        }
    }

    private void protocolError(String input, String error) throws Exception {
        protocolError(RawClient.bytes(input), error);
    }

    /** Sends {@code input}; checks the reply, then that the same connection still works. */
    private void commandError(String input, String error) {
        try (RawClient bad = new RawClient(server.port())) {
            bad.send(input);
            assertEquals(new Value.Error(error), bad.read());
            assertEquals(Value.Simple.PONG, bad.call("PING"), "the connection stays open");
        }
    }

    @Test
    void garbageBytesAreAnUnknownInlineCommand() {
        try (RawClient bad = new RawClient(server.port())) {
            bad.send("\u0000\u00ff\u0013garbage\r\n");
            String text = assertInstanceOf(Value.Error.class, bad.read()).text();
            assertTrue(text.startsWith("ERR unknown command '"), text);
            assertEquals(Value.Simple.PONG, bad.call("PING"));
        }
    }

    @Test
    void randomBinaryLinesAreUnknownCommands() {
        Random random = new Random(2024);
        try (RawClient bad = new RawClient(server.port())) {
            for (int i = 0; i < 50; i++) {
                byte[] line = new byte[1 + random.nextInt(200)];
                for (int j = 0; j < line.length; j++) {
                    byte b;
                    do {
                        b = (byte) random.nextInt(256);
                    } while (b == '\r' || b == '\n' || b == '"' || b == '\'' || (j == 0 && "+-:,#_$=!*%~> \t\u000b\f".indexOf(b) >= 0));
                    line[j] = b;
                }
                bad.send(line).send("\r\n");
                String text = assertInstanceOf(Value.Error.class, bad.read(), "line " + i).text();
                assertTrue(text.startsWith("ERR unknown command '"), text);
            }
            assertEquals(Value.Simple.PONG, bad.call("PING"));
        }
    }

    @Test
    void aBulkLengthOfTwoToTheForty() throws Exception {
        protocolError("*1\r\n$1099511627776\r\n", "ERR Protocol error: invalid bulk length");
    }

    @Test
    void aHundredThousandLevelsOfNesting() throws Exception {
        protocolError("*1\r\n".repeat(100_000), "ERR Protocol error: nesting deeper than 128 levels");
    }

    /**
     * A client that writes all of a bad request before it reads (as a simple script does) still
     * reads the error: the server does not reset the connection while input is left unread.
     */
    @Test
    void aClientThatWritesEverythingBeforeReadingStillGetsTheError() {
        try (RawClient bad = new RawClient(server.port())) {
            bad.send("*1\r\n".repeat(100_000));
            assertEquals(new Value.Error("ERR Protocol error: nesting deeper than 128 levels"), bad.read());
            bad.assertClosedByServer();
        }
        try (RawClient bad = new RawClient(server.port())) {
            bad.send("*2\r\n$3\r\nGET\r\n$-7\r\n" + "x".repeat(1_000_000));
            assertEquals(new Value.Error("ERR Protocol error: invalid bulk length"), bad.read());
            bad.assertClosedByServer();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"*-5\r\n", "*-2\r\n", "*abc\r\n", "*\r\n", "*1x\r\n", "*99999999999999999999\r\n", "*2147483648\r\n"})
    void aBadMultibulkLength(String input) throws Exception {
        protocolError(input, "ERR Protocol error: invalid multibulk length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*1\r\n$abc\r\n", "*1\r\n$-2\r\n", "*2\r\n$3\r\nGET\r\n$1x\r\n", "*1\r\n$9223372036854775808\r\n"})
    void aBadBulkLength(String input) throws Exception {
        protocolError(input, "ERR Protocol error: invalid bulk length");
    }

    @Test
    void aBulkBodyNotEndedByCrlf() throws Exception {
        protocolError("*1\r\n$3\r\nabcXY", "ERR Protocol error: bulk string not terminated by CRLF");
    }

    @ParameterizedTest
    @ValueSource(strings = {":1\r\n", "$4\r\nPING\r\n", "+PING\r\n", "%1\r\n$1\r\na\r\n$1\r\nb\r\n", "#t\r\n", ",1.5\r\n"})
    void aTopLevelFrameThatIsNotAnArray(String input) throws Exception {
        protocolError(input, "ERR Protocol error: expected a command as an array of arguments");
    }

    @Test
    void anInlineLineOverSixtyFourKibWithoutNewline() throws Exception {
        byte[] line = new byte[70_000];
        Arrays.fill(line, (byte) 'a');
        protocolError(line, "ERR Protocol error: too big inline request");
    }

    @Test
    void aHeaderLineOverSixtyFourKibWithoutCrlf() throws Exception {
        protocolError("$" + "1".repeat(70_000), "ERR Protocol error: too big header line");
    }

    @Test
    void unbalancedQuotesInAnInlineCommand() throws Exception {
        protocolError("SET a \"1\r\n", "ERR Protocol error: unbalanced quotes in request");
    }

    @Test
    void commandsBeforeABadFrameRunAndCommandsAfterItDoNot() {
        try (RawClient bad = new RawClient(server.port())) {
            bad.send("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*-5\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
            assertEquals(Value.Int.ONE, bad.read());
            assertEquals(new Value.Error("ERR Protocol error: invalid multibulk length"), bad.read());
            bad.assertClosedByServer();
        }
        try (Client c = client()) {
            assertEquals(Arrays.asList("1", null), c.mget("a", "b"));
            assertEquals(1L, c.delete("a"));
        }
    }

    @Test
    void aClientThatDisconnectsMidFrame() {
        try (RawClient bad = new RawClient(server.port())) {
            bad.send("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$100\r\nabc");
        }
        try (RawClient bad = new RawClient(server.port())) {
            bad.send("*3\r\n$3\r\nSET\r\n$1\r\na\r\n");
        }
    }

    @Test
    void anEmptyArrayIsIgnoredAsRedisDoes() {
        try (RawClient c = new RawClient(server.port())) {
            c.send("*0\r\n*-1\r\n*0\r\n");
            c.send(RawClient.command("PING"));
            assertEquals(Value.Simple.PONG, c.read(), "no reply to *0 or *-1: the first reply is PING's");
            assertEquals(Value.bulk("v"), c.call("GET", "plain"));
        }
    }

    @Test
    void wrongNumberOfArguments() {
        commandError("*1\r\n$3\r\nGET\r\n", "ERR wrong number of arguments for 'get' command");
        commandError("GET a b\r\n", "ERR wrong number of arguments for 'get' command");
        commandError("*2\r\n$3\r\nSET\r\n$4\r\nkeep\r\n", "ERR wrong number of arguments for 'set' command");
        commandError("MSET keep x plain\r\n", "ERR wrong number of arguments for 'mset' command");
        commandError("DEL\r\n", "ERR wrong number of arguments for 'del' command");
        commandError("PING a b\r\n", "ERR wrong number of arguments for 'ping' command");
    }

    @Test
    void unknownCommand() {
        commandError("*3\r\n$3\r\nfoo\r\n$3\r\nbar\r\n$3\r\nbaz\r\n", "ERR unknown command 'foo', with args beginning with: 'bar' 'baz' ");
        commandError("foo\r\n", "ERR unknown command 'foo', with args beginning with: ");
    }

    @Test
    void failingCommandsChangeNothing() {
        commandError("SET keep new EX 0\r\n", "ERR invalid expire time in 'set' command");
        commandError("SET keep new PX -5\r\n", "ERR invalid expire time in 'set' command");
        commandError("SET keep new EX abc\r\n", "ERR value is not an integer or out of range");
        commandError("SET keep new BOGUS\r\n", "ERR syntax error");
        commandError("SET keep new NX XX\r\n", "ERR syntax error");
        commandError("FLUSHDB bogus\r\n", "ERR syntax error");
        commandError("*2\r\n$3\r\nGET\r\n*1\r\n:1\r\n", "ERR argument 1 must be a string");
        commandError("*2\r\n*1\r\n:1\r\n$1\r\nk\r\n", "ERR command name must be a string");
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(Value.Int.ZERO, c.call("SET", "keep", "new", "NX"), "NX on an existing key does not write");
        }
    }

    /** At the highest nesting limit allowed, the deepest value is stored and read back whole. */
    @Test
    void theDeepestValueTheLimitAllowsIsStoredAndReadBack() {
        int limit = ServerConfig.MAX_NESTING;
        try (Server deep = TestServers.start(dir.resolve("deep"), "proto-max-nesting", Integer.toString(limit));
                RawClient c = new RawClient(deep.port())) {
            // the request is one level, so the value may have limit - 1
            String value = "*1\r\n".repeat(limit - 1) + ":7\r\n";
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n" + value).expect(":1\r\n");
            c.send(RawClient.command("GET", "k")).expect(value);
            c.send(RawClient.command("MGET", "k")).expect("*1\r\n" + value);
            c.send("*2\r\n" + value + "$1\r\nx\r\n");
            assertEquals("ERR command name must be a string", assertInstanceOf(Value.Error.class, c.read()).text());
            c.send("*2\r\n$3\r\nfoo\r\n" + value);
            assertTrue(assertInstanceOf(Value.Error.class, c.read()).text().startsWith("ERR unknown command 'foo'"));
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n*1\r\n" + value);
            assertEquals(new Value.Error("ERR Protocol error: nesting deeper than " + limit + " levels"), c.read());
            c.assertClosedByServer();
        }
    }

    @Test
    void configuredLimitsAreEnforced() throws Exception {
        try (Server small = TestServers.start(dir.resolve("small"), "proto-max-bulk-len", "16", "proto-max-nesting", "2",
                "proto-max-multibulk-len", "4")) {
            try (RawClient c = new RawClient(small.port())) {
                assertEquals(Value.Int.ONE, c.call("SET", "k", "x".repeat(16)));
                c.send(RawClient.command("SET", "k", "x".repeat(17)));
                assertEquals(new Value.Error("ERR Protocol error: invalid bulk length"), c.read());
                c.assertClosedByServer();
            }
            try (RawClient c = new RawClient(small.port())) {
                c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n*1\r\n:1\r\n");
                assertEquals(Value.Int.ONE, c.read(), "depth 2 is allowed");
                c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n*1\r\n*1\r\n:1\r\n");
                assertEquals(new Value.Error("ERR Protocol error: nesting deeper than 2 levels"), c.read());
                c.assertClosedByServer();
            }
            try (RawClient c = new RawClient(small.port())) {
                c.send(RawClient.command("MGET", "a", "b", "c", "d"));
                assertEquals(new Value.Error("ERR Protocol error: invalid multibulk length"), c.read());
                c.assertClosedByServer();
            }
            try (Client c = new Client("127.0.0.1", small.port(), 10_000)) {
                assertEquals(List.of(1L), c.get("k"));
            }
        }
    }
}

package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code redis-cli} binary (Debian's redis-tools) against the real Redis and simpleredis
 * on every engine, its exact output asserted: raw output (stdout is not a terminal here),
 * {@code --no-raw}, {@code --csv}, commands from stdin, {@code -x}, {@code -r}, {@code -n},
 * {@code --scan --pattern}, {@code --pipe}, {@code -3} (RESP3: needs HELLO) and {@code info}
 * (needs INFO). The server runs with {@code protocol=resp2}: redis-cli never says HELLO unless -3.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(120)
class RedisCliInteropTest {

    static Target target;
    static String cli;

    @Parameter
    String name;

    record Run(String out, String err, int exit) {
    }

    @BeforeParameterizedClassInvocation
    static void start(String name) {
        cli = Files.isExecutable(Path.of("/usr/bin/redis-cli")) ? "/usr/bin/redis-cli" : Interop.onPath("redis-cli");
        Assumptions.assumeTrue(cli != null, "redis-cli is not installed: run 'sh .ci/deps' (or apt-get install redis-tools)");
        target = Target.start(name);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @BeforeEach
    void flush() {
        target.flushAll();
    }

    /** Runs redis-cli against the target with {@code stdin} (may be null) and returns what it printed. */
    static Run cli(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(cli, "-h", "127.0.0.1", "-p", Integer.toString(target.port())));
        command.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli " + String.join(" ", args) + " did not finish in 30 s");
            }
            return new Run(new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8),
                    p.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Run cli(String... args) {
        return cli(null, args);
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                f.complete(b.toByteArray());
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** stdout of a successful run. */
    static String out(String... args) {
        Run r = cli(args);
        assertEquals("", r.err(), () -> "stderr of redis-cli " + String.join(" ", args));
        assertEquals(0, r.exit(), () -> "exit code of redis-cli " + String.join(" ", args));
        return r.out();
    }

    @Test
    void rawOutputWhenStdoutIsNotATerminal() {
        assertEquals("OK\n", out("SET", "k", "v"));
        assertEquals("v\n", out("GET", "k"));
        assertEquals("\n", out("GET", "nokey"));
        assertEquals("1\n", out("INCR", "n"));
        assertEquals("v\n\n1\n", out("MGET", "k", "nokey", "n"));
        assertEquals("-1\n", out("TTL", "k"));
        assertEquals("-2\n", out("TTL", "nokey"));
        assertEquals("1.5\n", out("INCRBYFLOAT", "f", "1.5"));
        assertEquals("string\n", out("TYPE", "k"));
        assertEquals("PONG\n", out("PING"));
        assertEquals("0\nk\n", out("SCAN", "0", "MATCH", "k", "COUNT", "1000"));
        assertEquals("\n", out("KEYS", "nothing*"), "an empty array: one empty line");
        assertEquals("ERR value is not an integer or out of range\n\n", cli("INCR", "k").out());
        assertEquals("ERR wrong number of arguments for 'get' command\n\n", cli("GET").out());
        assertEquals("ERR unknown command 'NOSUCH', with args beginning with: 'x' \n\n", cli("NOSUCH", "x").out());
        assertEquals("ERR syntax error\n\n", cli("SET", "k", "v", "NX", "XX").out());
    }

    @Test
    void formattedOutputWithNoRaw() {
        assertEquals("OK\n", out("--no-raw", "SET", "k", "v"));
        assertEquals("\"v\"\n", out("--no-raw", "GET", "k"));
        assertEquals("(nil)\n", out("--no-raw", "GET", "nokey"));
        assertEquals("(integer) 1\n", out("--no-raw", "INCR", "n"));
        assertEquals("1) \"v\"\n2) (nil)\n3) \"1\"\n", out("--no-raw", "MGET", "k", "nokey", "n"));
        assertEquals("(empty array)\n", out("--no-raw", "KEYS", "nothing*"));
        assertEquals("1) \"0\"\n2) 1) \"k\"\n", out("--no-raw", "SCAN", "0", "MATCH", "k", "COUNT", "1000"));
        assertEquals("(error) ERR value is not an integer or out of range\n", cli("--no-raw", "INCR", "k").out());
        assertEquals("(error) ERR no such key\n", cli("--no-raw", "RENAME", "nokey", "x").out());
        assertEquals("OK\n", out("--no-raw", "SET", "bin", "a\u0001b\"c"));
        assertEquals("\"a\\x01b\\\"c\"\n", out("--no-raw", "GET", "bin"));
        assertEquals("\"\"\n", out("--no-raw", "GETRANGE", "k", "5", "3"));
    }

    @Test
    void csvOutput() {
        out("SET", "a", "1");
        assertEquals("\"1\",NULL\n", out("--csv", "MGET", "a", "nokey"));
        assertEquals("1\n", out("--csv", "EXISTS", "a"));
    }

    @Test
    void commandsFromStdin() {
        Run r = cli("set a 1\nincr a\nget a\nget nokey\nexpire a 100\nttl a\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("OK\n2\n2\n\n1\n100\n", r.out());
        assertEquals(0, r.exit());
    }

    @Test
    void lastArgumentFromStdinWithX() {
        Run r = cli("hello\nworld".getBytes(StandardCharsets.UTF_8), "-x", "SET", "k");
        assertEquals("OK\n", r.out());
        assertEquals("hello\nworld\n", out("GET", "k"));
        assertEquals("11\n", out("STRLEN", "k"));
    }

    @Test
    void repeatAndDatabase() {
        assertEquals("1\n2\n3\n", out("-r", "3", "INCR", "c"));
        assertEquals("OK\n", out("-n", "2", "SET", "k", "in2"));
        assertEquals("in2\n", out("-n", "2", "GET", "k"));
        assertEquals("\n", out("GET", "k"));
        assertEquals("1\n", out("-n", "2", "DBSIZE"));
    }

    @Test
    void scanWithPattern() {
        Set<String> users = new TreeSet<>();
        List<List<String>> load = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String k = "user:" + i;
            users.add(k);
            load.add(List.of("SET", k, Integer.toString(i)));
            load.add(List.of("SET", "order:" + i, Integer.toString(i)));
        }
        try (Resp r = new Resp(target.port())) {
            r.pipeline(load);
        }
        assertEquals(users, lines(out("--scan", "--pattern", "user:*")));
        Set<String> ones = new TreeSet<>();
        users.stream().filter(k -> k.startsWith("user:1")).forEach(ones::add);
        assertEquals(ones, lines(out("--scan", "--pattern", "user:1*")));
        assertEquals(Set.of("user:42"), lines(out("--scan", "--pattern", "user:42")));
        assertEquals(1000, lines(out("--scan")).size());
        assertEquals("", out("--scan", "--pattern", "nothing:*"));
    }

    private static Set<String> lines(String out) {
        TreeSet<String> s = new TreeSet<>(Arrays.asList(out.split("\n")));
        s.remove("");
        // --scan prints each key at least once: duplicates are allowed, so a set is compared
        return s;
    }

    @Test
    void pipeMassInsertion() {
        // --pipe sends an empty line (\r\n) before its closing ECHO with 20 random bytes: both must be handled
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            b.writeBytes(Resp.encode(List.of("SET", "mass:" + i, "v" + i)));
        }
        b.writeBytes(Resp.encode(List.of("INCR", "mass:counter")));
        Run r = cli(b.toByteArray(), "--pipe");
        assertEquals("All data transferred. Waiting for the last reply...\nLast reply received from server.\n"
                + "errors: 0, replies: 1001\n", r.out());
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertEquals("1001\n", out("DBSIZE"));
        assertEquals("v999\n", out("GET", "mass:999"));
    }

    @Test
    void resp3WithDash3() {
        Assumptions.assumeTrue(target.isRedis() || target.knows("HELLO", "3"),
                "HELLO is not implemented yet: redis-cli -3 prints 'HELLO 3 failed' and goes on in RESP2");
        assertEquals("PONG\n", out("-3", "PING"));
        assertEquals("OK\n", out("-3", "SET", "k", "v"));
        assertEquals("(nil)\n", out("-3", "--no-raw", "GET", "nokey"));
        assertEquals("\"v\"\n", out("-3", "--no-raw", "GET", "k"));
        assertEquals("1) \"v\"\n2) (nil)\n", out("-3", "--no-raw", "MGET", "k", "nokey"));
        assertEquals("(integer) -1\n", out("-3", "--no-raw", "TTL", "k"));
        assertEquals("\"1.5\"\n", out("-3", "--no-raw", "INCRBYFLOAT", "f", "1.5"));
        assertEquals("(error) ERR no such key\n", cli("-3", "--no-raw", "RENAME", "nokey", "x").out());
        String hello = out("-3", "--no-raw", "HELLO", "3");
        assertTrue(hello.contains("\"proto\" => (integer) 3\n"), hello);
        assertTrue(hello.matches("(?s).*\"id\" => \\(integer\\) \\d+\n.*"), hello);
    }

    @Test
    void info() {
        Assumptions.assumeTrue(target.isRedis() || target.knows("INFO"), "INFO is not implemented yet");
        String all = out("INFO");
        assertTrue(all.startsWith("# Server\r\n"), all);
        assertTrue(all.contains("\r\nredis_version:7."), "a Redis-7-like version for clients that check it: " + all);
        for (String line : all.split("\r\n")) {
            assertTrue(line.isEmpty() || line.startsWith("# ") || line.matches("[A-Za-z0-9_]+:.*"), "INFO line: " + line);
        }
        String server = out("INFO", "server");
        assertTrue(server.startsWith("# Server\r\n"), server);
        assertTrue(!server.contains("# Keyspace"), "INFO server has only the server section");
        out("SET", "k", "v");
        assertTrue(out("INFO", "keyspace").contains("db0:keys=1,expires=0"), "keyspace section");
    }
}

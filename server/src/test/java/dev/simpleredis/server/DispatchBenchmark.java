package dev.simpleredis.server;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.server.command.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request from its decoded {@link Value} to its encoded reply, through {@link Server#execute}
 * as a connection calls it: command table lookup, the command on the {@link Keyspace} over the
 * memory engine without a log, the write buffer's commit, and the RESP2 reply into the
 * connection's reply buffer. A real server runs (on port 0), but no socket is involved: the
 * benchmark thread stands in for the connection.
 *
 * <p>{@code set} and {@code get} visit the 100,000 preloaded keys {@code key:<12 digits>} (as
 * {@code redis-benchmark -r 100000} names them) in a shuffled order, each request built once;
 * {@code incr} increments one key; {@code lpushRpop} is one {@code LPUSH} and one {@code RPOP} on
 * a list of 100 elements (scores are per pair).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DispatchBenchmark {

    private static final int KEYS = 100_000;

    private Path dir;
    private Server server;
    private Connection connection;
    private final Output replies = new Output();
    private Value[] sets;
    private Value[] gets;
    private int next;
    private final Value incr = request("INCR", "counter");
    private final Value lpush = request("LPUSH", "list", "x".repeat(32));
    private final Value rpop = request("RPOP", "list");

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("simpleredis-bench");
        server = Server.start(ServerConfig.from(TestServers.props(dir, "aof", "false", "protocol", "resp2")));
        connection = connection(server, new Session(1, Dialect.RESP2));
        String value = "x".repeat(32);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(1));
        sets = new Value[KEYS];
        gets = new Value[KEYS];
        List<String> mset = new ArrayList<>(List.of("MSET"));
        for (int i = 0; i < KEYS; i++) {
            String key = String.format("key:%012d", order.get(i));
            sets[i] = request("SET", key, value);
            gets[i] = request("GET", key);
            mset.add(key);
            mset.add(value);
            if (mset.size() > 2000 || i == KEYS - 1) {
                expect(request(mset.toArray(String[]::new)), "+OK");
                mset.subList(1, mset.size()).clear();
            }
        }
        expect(request("DBSIZE"), ":" + KEYS + "\r\n");
        expect(sets[0], "+OK");
        for (int i = 0; i < 100; i++) {
            expect(request("RPUSH", "list", value), ":" + (i + 1));
        }
        expect(gets[0], "$32\r\n" + value);
        expect(incr, ":1");
        expect(lpush, ":101");
        expect(rpop, "$32\r\n" + value);
    }

    /**
     * A connection that is only a session: {@link Server#execute} reads nothing else of it
     * unless a command blocks, and none of these does.
     */
    static Connection connection(Server server, Session session) {
        return new Connection(server, null, null, null, session);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        long errors = server.stats().errorReplies();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (errors != 0) {
            throw new IllegalStateException(errors + " requests were answered with an error");
        }
    }

    @Benchmark
    public boolean set() {
        return execute(sets[nextKey()]);
    }

    @Benchmark
    public boolean get() {
        return execute(gets[nextKey()]);
    }

    @Benchmark
    public boolean incr() {
        return execute(incr);
    }

    @Benchmark
    public boolean lpushRpop() {
        return execute(lpush) & execute(rpop);
    }

    private int nextKey() {
        int i = next;
        next = i + 1 == KEYS ? 0 : i + 1;
        return i;
    }

    private boolean execute(Value request) {
        replies.reset();
        return server.execute(connection, request, replies);
    }

    private void expect(Value request, String replyStart) {
        execute(request);
        String reply = new String(replies.toByteArray(), StandardCharsets.UTF_8);
        if (!reply.startsWith(replyStart)) {
            throw new IllegalStateException(request + " answered " + reply + ", expected " + replyStart + "...");
        }
    }

    /** A request as the connection's decoder hands it over. */
    private static Value request(String... args) {
        Output frame = new Output();
        Encoder.encodeCommand(frame, Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
        try {
            return Decoder.decode(frame.toByteArray());
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }
}

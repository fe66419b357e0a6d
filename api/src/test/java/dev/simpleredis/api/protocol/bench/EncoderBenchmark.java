package dev.simpleredis.api.protocol.bench;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding typical replies into a connection's reply buffer ({@link Output}, reused as a
 * connection reuses its own): {@code +OK}, a 32-byte bulk, an integer, and an array of ten
 * 32-byte bulks (an MGET of ten keys).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncoderBenchmark {

    @Param({"RESP2", "RESP3"})
    public Dialect dialect;

    private final Output out = new Output();
    private Value bulk;
    private Value integer;
    private Value array;

    @Setup
    public void setUp() {
        bulk = new Value.Bulk(value('x'));
        integer = Value.Int.of(1_234_567);
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(new Value.Bulk(value((char) ('a' + i))));
        }
        array = new Value.Array(items);
        check(Value.Simple.OK, "+OK\r\n");
        check(integer, ":1234567\r\n");
        check(bulk, "$32\r\n" + "x".repeat(32) + "\r\n");
    }

    @Benchmark
    public int ok() {
        return encode(Value.Simple.OK);
    }

    @Benchmark
    public int bulk32() {
        return encode(bulk);
    }

    @Benchmark
    public int integer() {
        return encode(integer);
    }

    @Benchmark
    public int array10() {
        return encode(array);
    }

    private int encode(Value reply) {
        out.reset();
        Encoder.encode(reply, dialect, out);
        return out.size();
    }

    private void check(Value reply, String expected) {
        encode(reply);
        String actual = new String(out.toByteArray(), StandardCharsets.US_ASCII);
        if (!actual.equals(expected)) {
            throw new IllegalStateException("encoded " + actual + ", expected " + expected);
        }
    }

    private static byte[] value(char c) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}

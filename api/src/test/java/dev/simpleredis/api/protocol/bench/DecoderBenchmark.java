package dev.simpleredis.api.protocol.bench;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding a pipeline as one socket read delivers it: an inline {@code PING} then alternating
 * {@code SET key:<12 digits> <32 bytes>} and {@code GET key:<12 digits>} as arrays of bulks, fed
 * whole and decoded request by request. Scores are per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {

    /** Requests per pipeline, as {@code redis-benchmark -P 16}. */
    static final int PIPELINE = 16;

    private byte[] pipeline;
    private Decoder decoder;

    @Setup
    public void setUp() throws ProtocolException {
        Output out = new Output();
        out.writeAscii("PING\r\n");
        Random random = new Random(1);
        byte[] value = new byte[32];
        Arrays.fill(value, (byte) 'x');
        for (int i = 1; i < PIPELINE; i++) {
            byte[] key = String.format("key:%012d", random.nextInt(100_000)).getBytes(StandardCharsets.US_ASCII);
            if (i % 2 == 1) {
                Encoder.encodeCommand(out, ascii("SET"), key, value);
            } else {
                Encoder.encodeCommand(out, ascii("GET"), key);
            }
        }
        pipeline = out.toByteArray();
        decoder = new Decoder();
        int requests = decodeAll(null);
        if (requests != PIPELINE) {
            throw new IllegalStateException("decoded " + requests + " requests, expected " + PIPELINE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int pipeline(Blackhole blackhole) throws ProtocolException {
        return decodeAll(blackhole);
    }

    private int decodeAll(Blackhole blackhole) throws ProtocolException {
        decoder.feed(pipeline);
        int n = 0;
        for (Value request; (request = decoder.next()) != null; n++) {
            if (blackhole != null) {
                blackhole.consume(request);
            }
        }
        return n;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

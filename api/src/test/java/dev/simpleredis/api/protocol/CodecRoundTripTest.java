package dev.simpleredis.api.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests: every value a dialect can carry decodes back to itself, however the bytes are
 * cut up on the way. Each (dialect, seed) pair is a fixed, reproducible set of cases; a failure
 * names the seed and the case number.
 */
class CodecRoundTripTest {

    private static final int CASES = 1500;
    private static final long[] SEEDS = {1L, 42L, 0x5EEDL, 20240601L};

    static Stream<Arguments> dialectsAndSeeds() {
        List<Arguments> all = new ArrayList<>();
        for (Dialect d : Dialect.values()) {
            for (long seed : SEEDS) {
                all.add(Arguments.of(d, seed));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("dialectsAndSeeds")
    void eachValueRoundTripsFedWholeByteByByteAndInChunks(Dialect dialect, long seed) throws Exception {
        ValueGenerator gen = new ValueGenerator(seed, dialect);
        Random chunks = new Random(seed * 31 + 7);
        for (int i = 0; i < CASES; i++) {
            Value value = gen.next();
            byte[] frame = Encoder.encode(value, dialect);
            String where = dialect + " seed " + seed + " case " + i;

            Values.assertSame(value, whole(frame), where + " (one piece)");
            Values.assertSame(value, byteByByte(frame, where), where + " (byte by byte)");
            Values.assertSame(value, inChunks(frame, chunks), where + " (random chunks)");
            Values.assertSame(value, Decoder.decode(frame), where + " (Decoder.decode)");
            // the same value, encoded again, gives the same bytes: encoding is deterministic
            assertArrayEquals(frame, Encoder.encode(Decoder.decode(frame), dialect), where + " (re-encode)");
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("dialectsAndSeeds")
    void pipelinedValuesComeOutInOrder(Dialect dialect, long seed) throws Exception {
        ValueGenerator gen = new ValueGenerator(seed ^ 0xABCDEF, dialect);
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int count = 1 + random.nextInt(200);
            List<Value> values = new ArrayList<>(count);
            Output out = new Output();
            for (int i = 0; i < count; i++) {
                Value v = gen.next();
                values.add(v);
                Encoder.encode(v, dialect, out);
            }
            byte[] stream = out.toByteArray();
            String where = dialect + " seed " + seed + " round " + round;

            // all in one feed, then drained
            Decoder decoder = new Decoder();
            decoder.feed(stream);
            Values.assertSameList(values, drain(decoder, count + 1), where + " (one feed)");
            assertFalse(decoder.hasBufferedInput(), where);

            // in random chunks, draining after each
            decoder = new Decoder();
            List<Value> got = new ArrayList<>(count);
            int pos = 0;
            while (pos < stream.length) {
                int n = Math.min(stream.length - pos, 1 + random.nextInt(random.nextBoolean() ? 8 : 4096));
                decoder.feed(stream, pos, n);
                pos += n;
                got.addAll(drain(decoder, count + 1));
            }
            Values.assertSameList(values, got, where + " (chunks)");
            assertFalse(decoder.hasBufferedInput(), where);
        }
    }

    /** SEED and RESP3 values written as RESP2 decode to their RESP2 forms. */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("dialectsAndSeeds")
    void richValuesDowngradeToResp2(Dialect dialect, long seed) throws Exception {
        if (dialect == Dialect.RESP2) {
            return;
        }
        ValueGenerator gen = new ValueGenerator(seed + 99, dialect);
        for (int i = 0; i < CASES / 3; i++) {
            Value value = gen.next();
            byte[] frame = Encoder.encode(value, Dialect.RESP2);
            Values.assertSame(resp2(value), whole(frame), "seed " + seed + " case " + i);
        }
    }

    /** Nesting up to the limit round-trips through every decoder path. */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("dialectsAndSeeds")
    void deepChainsWithinTheLimitRoundTrip(Dialect dialect, long seed) throws Exception {
        ValueGenerator gen = new ValueGenerator(seed, dialect);
        Value value = gen.scalar();
        for (int depth = 1; depth < Decoder.Limits.DEFAULT.maxDepth(); depth++) {
            value = dialect != Dialect.RESP2 && depth % 3 == 0
                    ? new Value.Dict(Map.of(gen.scalar(), value))
                    : Value.Array.of(gen.scalar(), value);
        }
        byte[] frame = Encoder.encode(value, dialect);
        Values.assertSame(value, whole(frame), "deep chain");
        Values.assertSame(value, byteByByte(frame, "deep chain"), "deep chain byte by byte");
    }

    /** What a value becomes once written as RESP2 and read back. */
    static Value resp2(Value v) {
        return switch (v) {
            case Value.Double d -> Value.Bulk.of(Encoder.formatDouble(d.value()));
            case Value.Bool b -> Value.Int.of(b.value() ? 1 : 0);
            case Value.Array a -> new Value.Array(a.items().stream().map(CodecRoundTripTest::resp2).toList());
            case Value.Dict d -> {
                List<Value> flat = new ArrayList<>();
                d.entries().forEach((k, val) -> {
                    flat.add(resp2(k));
                    flat.add(resp2(val));
                });
                yield new Value.Array(flat);
            }
            default -> v;
        };
    }

    static Value whole(byte[] frame) throws ProtocolException {
        Decoder decoder = new Decoder();
        decoder.feed(frame);
        Value v = decoder.next();
        assertNotNull(v, "a whole frame must decode");
        assertNull(decoder.next(), "exactly one frame");
        assertFalse(decoder.hasBufferedInput());
        return v;
    }

    static Value byteByByte(byte[] frame, String where) throws ProtocolException {
        Decoder decoder = new Decoder();
        for (int i = 0; i < frame.length - 1; i++) {
            decoder.feed(frame, i, 1);
            Value early = decoder.next();
            if (early != null) {
                throw new AssertionError(where + ": a frame came out after " + (i + 1) + " of " + frame.length + " bytes: " + early);
            }
            assertTrue(decoder.hasBufferedInput());
        }
        decoder.feed(frame, frame.length - 1, 1);
        Value v = decoder.next();
        assertNotNull(v, where + ": no frame after the last byte");
        assertFalse(decoder.hasBufferedInput());
        return v;
    }

    static Value inChunks(byte[] frame, Random random) throws ProtocolException {
        Decoder decoder = new Decoder();
        int pos = 0;
        Value v = null;
        while (pos < frame.length) {
            assertNull(v, "a frame came out before all its bytes arrived");
            int n = Math.min(frame.length - pos, 1 + random.nextInt(64));
            decoder.feed(frame, pos, n);
            pos += n;
            v = decoder.next();
        }
        assertNotNull(v);
        assertFalse(decoder.hasBufferedInput());
        return v;
    }

    /** Every complete frame buffered; fails rather than loop if more than {@code max} come out. */
    static List<Value> drain(Decoder decoder, int max) throws ProtocolException {
        List<Value> out = new ArrayList<>();
        for (Value v = decoder.next(); v != null; v = decoder.next()) {
            out.add(v);
            assertTrue(out.size() <= max, "more frames than were sent");
        }
        return out;
    }
}

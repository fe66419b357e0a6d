package dev.simpleredis.api.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames the encoder never writes: inline commands, RESP3 extras, malformed input and limits. */
class DecoderTest {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every frame in {@code input}, fed in one piece. */
    static List<Value> frames(Decoder decoder, String input) throws ProtocolException {
        decoder.feed(bytes(input));
        return CodecRoundTripTest.drain(decoder, 1000);
    }

    static List<Value> frames(String input) throws ProtocolException {
        return frames(new Decoder(), input);
    }

    static Value one(String input) throws ProtocolException {
        List<Value> all = frames(input);
        assertEquals(1, all.size(), "frames in " + input);
        return all.getFirst();
    }

    static Value cmd(String... args) {
        return new Value.Array(Arrays.stream(args).map(a -> (Value) new Value.Bulk(bytes(a))).toList());
    }

    /** The error a decoder with {@code limits} raises on {@code input}, fed whole. */
    static ProtocolException error(Decoder.Limits limits, byte[] input) {
        Decoder decoder = new Decoder(limits);
        return assertThrows(ProtocolException.class, () -> {
            decoder.feed(input);
            for (int i = 0; i < 1000 && decoder.next() != null; i++) {
                // drain frames before the bad one
            }
        });
    }

    static ProtocolException error(String input) {
        return error(Decoder.Limits.DEFAULT, bytes(input));
    }

    @Nested
    class Inline {
        @Test
        void pingWithCrlfOrLf() throws Exception {
            assertEquals(cmd("PING"), one("PING\r\n"));
            assertEquals(cmd("PING"), one("PING\n"));
        }

        @Test
        void doubleQuotesKeepSpaces() throws Exception {
            assertEquals(cmd("SET", "k", "hello world"), one("SET k \"hello world\"\n"));
            assertEquals(cmd("SET", "k", ""), one("SET k \"\"\r\n"));
        }

        @Test
        void singleQuotesAndEscapes() throws Exception {
            assertEquals(cmd("SET", "k", "it's"), one("SET k 'it\\'s'\r\n"));
            assertEquals(cmd("SET", "k", "a\\nb"), one("SET k 'a\\nb'\r\n"), "no escapes in single quotes");
            assertEquals(cmd("SET", "k", "a\nb\t\"c"), one("SET k \"a\\nb\\t\\\"c\"\r\n"));
            assertEquals(cmd("ECHO", "AJ\u00ff"), one("ECHO \"\\x41\\x4a\\xff\"\r\n"));
        }

        @Test
        void tabsAndRunsOfSpacesSeparate() throws Exception {
            assertEquals(cmd("MGET", "a", "b"), one("  MGET\t a    b  \r\n"));
        }

        @Test
        void emptyLinesAreSkipped() throws Exception {
            assertEquals(List.of(cmd("PING"), cmd("ECHO", "x")), frames("\r\n\n   \r\nPING\r\n\r\nECHO x\n"));
            assertEquals(List.of(), frames("\r\n\r\n"));
        }

        @Test
        void inlineAndMultibulkMix() throws Exception {
            assertEquals(List.of(cmd("PING"), cmd("PING"), cmd("GET", "k")),
                    frames("PING\r\n*1\r\n$4\r\nPING\r\nGET k\n"));
        }

        @Test
        void aLineWithoutItsNewlineWaits() throws Exception {
            Decoder d = new Decoder();
            assertEquals(List.of(), frames(d, "SET k v\r"));
            assertEquals(List.of(cmd("SET", "k", "v")), frames(d, "\n"));
        }

        @Test
        void garbageIsAnInlineCommand() throws Exception {
            Value v = one("\u0000\u00ff\u0013garbage\r\n");
            assertEquals(cmd("\u0000\u00ff\u0013garbage"), v);
        }

        @ParameterizedTest
        @ValueSource(strings = {"SET k \"abc\r\n", "SET k 'abc\r\n", "SET k \"abc\"def\r\n", "SET k 'abc'def\n", "\"\n"})
        void unbalancedQuotesAreAProtocolError(String line) {
            assertTrue(error(line).getMessage().startsWith("Protocol error: "));
        }

        @Test
        void aLineLongerThanTheLimitIsRefused() {
            byte[] line = new byte[70_000];
            Arrays.fill(line, (byte) 'a');
            assertTrue(error(Decoder.Limits.DEFAULT, line).getMessage().contains("too big inline request"));
        }
    }

    @Nested
    class Resp3 {
        @Test
        void extrasDecode() throws Exception {
            assertEquals(Value.Null.INSTANCE, one("_\r\n"));
            assertEquals(new Value.Bool(true), one("#t\r\n"));
            assertEquals(new Value.Bool(false), one("#f\r\n"));
            assertEquals(new Value.Double(1.5), one(",1.5\r\n"));
            assertEquals(new Value.Double(12300.0), one(",1.23e4\r\n"));
            assertEquals(new Value.Double(Double.POSITIVE_INFINITY), one(",inf\r\n"));
            assertEquals(new Value.Double(Double.POSITIVE_INFINITY), one(",+inf\r\n"));
            assertEquals(new Value.Double(Double.NEGATIVE_INFINITY), one(",-inf\r\n"));
            assertEquals(new Value.Double(Double.NaN), one(",nan\r\n"));
            assertEquals(Value.bulk("Some string"), one("=15\r\ntxt:Some string\r\n"));
            assertEquals(new Value.Error("SYNTAX invalid syntax"), one("!21\r\nSYNTAX invalid syntax\r\n"));
            assertEquals(Value.Array.of(Value.Int.ONE, Value.Int.of(2)), one("~2\r\n:1\r\n:2\r\n"));
            assertEquals(Value.Array.of(Value.bulk("message")), one(">1\r\n$7\r\nmessage\r\n"));
            assertEquals(new Value.Dict(Map.of(Value.bulk("a"), Value.Null.INSTANCE)), one("%1\r\n$1\r\na\r\n_\r\n"));
            assertEquals(new Value.Dict(Map.of()), one("%0\r\n"));
        }

        @Test
        void nullForms() throws Exception {
            assertEquals(List.of(Value.Null.INSTANCE, Value.Null.ARRAY, Value.Null.INSTANCE), frames("$-1\r\n*-1\r\n_\r\n"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"#x\r\n", "#tt\r\n", "#\r\n", "_x\r\n", ",abc\r\n", ",\r\n"})
        void malformedExtrasAreRefused(String frame) {
            assertTrue(error(frame).getMessage().startsWith("Protocol error: "));
        }
    }

    @Nested
    class Malformed {
        @ParameterizedTest
        @ValueSource(strings = {"*-5\r\n", "*-2\r\n", "$-2\r\n", "$-5\r\n", "%-1\r\n", "~-1\r\n", "*1\r\n$-7\r\n"})
        void negativeLengthsOtherThanMinusOneAreRefused(String frame) {
            assertTrue(error(frame).getMessage().contains("length"), frame);
        }

        @ParameterizedTest
        @ValueSource(strings = {"*abc\r\n", "*\r\n", "* 1\r\n", "*+1\r\n", "*1x\r\n", "$\r\n", "$1x\r\n", "$+3\r\nabc\r\n",
            "*1\r\n$abc\r\n", "*1\r\n$\u00ff\r\n", "*\u00ff\u00fe\r\n", "%x\r\n", "*0x10\r\n", "*1.5\r\n"})
        void nonNumericLengthsAreRefused(String frame) {
            assertTrue(error(frame).getMessage().startsWith("Protocol error: invalid"), frame);
        }

        @ParameterizedTest
        @ValueSource(strings = {":9223372036854775808\r\n", ":-9223372036854775809\r\n", ":99999999999999999999\r\n",
            ":18446744073709551616\r\n", ":\r\n", ":-\r\n", ":12a\r\n", ": 1\r\n", ":1 \r\n",
            "*9223372036854775808\r\n", "$99999999999999999999\r\n"})
        void badAndOverflowingIntegersAreRefused(String frame) {
            assertTrue(error(frame).getMessage().startsWith("Protocol error: invalid"), frame);
        }

        @Test
        void integerExtremesAreAccepted() throws Exception {
            assertEquals(List.of(Value.Int.of(Long.MAX_VALUE), Value.Int.of(Long.MIN_VALUE), Value.Int.ZERO, Value.Int.ZERO),
                    frames(":9223372036854775807\r\n:-9223372036854775808\r\n:0\r\n:-0\r\n"));
        }

        @Test
        void bulkBodyMustEndWithCrlf() {
            assertTrue(error("$3\r\nabcXY").getMessage().contains("CRLF"));
            assertTrue(error("*1\r\n$0\r\nxx").getMessage().contains("CRLF"));
        }

        @Test
        void crWithoutLfInAHeaderIsRefused() {
            assertTrue(error(":1\rX\n").getMessage().startsWith("Protocol error: "));
        }

        @Test
        void unknownTypeInsideAnAggregateIsRefused() {
            assertTrue(error("*2\r\n:1\r\n?x\r\n").getMessage().contains("unexpected"));
            assertTrue(error("*1\r\nPING\r\n").getMessage().startsWith("Protocol error: "));
        }

        @ParameterizedTest
        @ValueSource(chars = {'$', '*', '+', '-', ':', '%'})
        void aHeaderLineWithoutCrlfBeyondTheLimitIsRefused(char type) {
            byte[] line = new byte[Decoder.Limits.DEFAULT.maxInlineLength() + 10];
            Arrays.fill(line, (byte) '1');
            line[0] = (byte) type;
            assertTrue(error(Decoder.Limits.DEFAULT, line).getMessage().contains("too big"));
        }

        @Test
        void aHeaderLineThatArrivesSlowlyIsRefusedOnceOverTheLimit() {
            Decoder d = new Decoder(new Decoder.Limits(100, 100, 10, 32));
            assertThrows(ProtocolException.class, () -> {
                d.feed(bytes("+"));
                for (int i = 0; i < 100; i++) {
                    d.feed(bytes("a"));
                    assertNull(d.next());
                }
            });
        }
    }

    @Nested
    class Limits {
        private final Decoder.Limits small = new Decoder.Limits(10, 4, 3, 64);

        @Test
        void aBulkLengthOfTwoToTheFortyIsRefusedBeforeAllocating() {
            // 1 TiB could never be allocated: the check must come before any buffer is sized
            assertTrue(error("*1\r\n$1099511627776\r\n").getMessage().contains("invalid bulk length"));
            assertTrue(error("$1099511627776\r\n").getMessage().contains("invalid bulk length"));
            Decoder.Limits huge = new Decoder.Limits(Long.MAX_VALUE, 10, 10, 1024);
            assertTrue(error(huge, bytes("$1099511627776\r\n")).getMessage().contains("invalid bulk length"));
        }

        @Test
        void bulkLengthIsCheckedAgainstTheLimit() throws Exception {
            assertEquals(List.of(Value.bulk("0123456789")), frames(new Decoder(small), "$10\r\n0123456789\r\n"));
            assertTrue(error(small, bytes("$11\r\n")).getMessage().contains("invalid bulk length"));
            assertTrue(error(small, bytes("*1\r\n=11\r\n")).getMessage().contains("invalid bulk length"));
        }

        @Test
        void multibulkLengthIsCheckedAgainstTheLimit() throws Exception {
            assertEquals(1, frames(new Decoder(small), "*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n").size());
            assertTrue(error(small, bytes("*5\r\n")).getMessage().contains("invalid multibulk length"));
            assertTrue(error(small, bytes("%5\r\n")).getMessage().contains("invalid multibulk length"));
            assertTrue(error(small, bytes("*1\r\n~5\r\n")).getMessage().contains("invalid multibulk length"));
            assertTrue(error("*1048577\r\n").getMessage().contains("invalid multibulk length"));
            assertTrue(error("*2147483648\r\n").getMessage().contains("invalid multibulk length"));
        }

        @Test
        void inlineArgumentCountIsCheckedAgainstTheLimit() {
            assertTrue(error(small, bytes("a b c d e\r\n")).getMessage().contains("invalid multibulk length"));
        }

        @Test
        void nestingIsCheckedAgainstTheLimit() throws Exception {
            assertEquals(List.of(Value.Array.of(Value.Array.of(Value.Array.of(Value.Int.ONE)))),
                    frames(new Decoder(small), "*1\r\n*1\r\n*1\r\n:1\r\n"));
            assertEquals(1, frames(new Decoder(small), "*1\r\n%1\r\n*0\r\n*1\r\n:1\r\n").size(), "empty aggregates do not nest");
            assertTrue(error(small, bytes("*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n")).getMessage().contains("nesting"));
            assertTrue(error(small, bytes("*1\r\n%1\r\n:1\r\n~1\r\n*1\r\n:1\r\n")).getMessage().contains("nesting"));
        }

        @Test
        void aHundredThousandLevelsAreAProtocolErrorNotAStackOverflow() {
            byte[] deep = bytes("*1\r\n".repeat(100_000));
            assertTrue(error(Decoder.Limits.DEFAULT, deep).getMessage().contains("nesting"));
            // fed one level at a time too
            Decoder d = new Decoder();
            assertThrows(ProtocolException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    d.feed(bytes("*1\r\n"));
                    assertNull(d.next());
                }
            });
        }

        @Test
        void aHundredThousandLevelsDecodeWithoutRecursionWhenAllowed() throws Exception {
            int levels = 100_000;
            Decoder d = new Decoder(new Decoder.Limits(16, 16, levels, 64));
            d.feed(bytes("*1\r\n".repeat(levels) + ":7\r\n"));
            Value v = d.next();
            int depth = 0;
            while (v instanceof Value.Array a) {
                assertEquals(1, a.items().size());
                v = a.items().getFirst();
                depth++;
            }
            assertEquals(levels, depth);
            assertEquals(Value.Int.of(7), v);
        }

        @Test
        void limitsThemselvesAreValidated() {
            assertThrows(IllegalArgumentException.class, () -> new Decoder.Limits(-1, 1, 1, 64));
            assertThrows(IllegalArgumentException.class, () -> new Decoder.Limits(1, -1, 1, 64));
            assertThrows(IllegalArgumentException.class, () -> new Decoder.Limits(1, 1, 0, 64));
            assertThrows(IllegalArgumentException.class, () -> new Decoder.Limits(1, 1, 1, 8));
        }
    }

    @Nested
    class OneFrame {
        @Test
        void decodesExactlyOneFrame() throws Exception {
            assertEquals(Value.Int.ONE, Decoder.decode(bytes(":1\r\n")));
            assertEquals(Value.Array.of(Value.bulk("a"), Value.Null.INSTANCE), Decoder.decode(bytes("*2\r\n$1\r\na\r\n_\r\n")));
        }

        @Test
        void decodesAStoredStringAsTheDecoderDoes() throws Exception {
            for (String frame : List.of("$0\r\n\r\n", "$3\r\nabc\r\n", "$003\r\na\r\n\r\n", "$-1\r\n", "$2\r\n\r\n\r\n")) {
                Decoder streaming = new Decoder();
                streaming.feed(bytes(frame));
                assertEquals(streaming.next(), Decoder.decode(bytes(frame)), frame);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ":1\r\n:2\r\n", ":1", "$3\r\nab", "*2\r\n:1\r\n", ":1\r\nx",
            "$3\r\nabcd\r\n", "$3\r\nab\r\n", "$3\r\nabcXY", "$3\nabc\r\n", "$3\r\nabc\r\n$0\r\n\r\n",
            "$\r\nabc\r\n", "$99999999999\r\nabc\r\n"})
        void refusesAnythingButOneCompleteFrame(String input) {
            assertThrows(ProtocolException.class, () -> Decoder.decode(bytes(input)));
        }

        @Test
        void storedValuesMayNestDeeperThanRequests() throws Exception {
            // deeper than Limits.DEFAULT allows a request; compared as bytes, since equals recurses
            Value v = Value.Int.ONE;
            for (int i = 0; i < 1000; i++) {
                v = Value.Array.of(v);
            }
            byte[] frame = Encoder.encode(v, Dialect.RESP3);
            assertArrayEquals(frame, Encoder.encode(Decoder.decode(frame), Dialect.RESP3));
        }

        @Test
        void decodesALargeFrame() throws Exception {
            byte[] frame = new byte[3_000_000];
            byte[] header = bytes("$2999988\r\n");
            System.arraycopy(header, 0, frame, 0, header.length);
            frame[frame.length - 2] = '\r';
            frame[frame.length - 1] = '\n';
            Value v = Decoder.decode(frame);
            assertEquals(2_999_988, assertInstanceOf(Value.Bulk.class, v).bytes().length);
        }
    }

    @Test
    void aDirectBufferFeedsAsAnArrayDoesAndIsConsumed() throws Exception {
        byte[] stream = bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n");
        Decoder d = new Decoder(new Decoder.Limits(1024, 16, 4, 16));
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        for (int at = 0; at < stream.length; at += 5) {
            direct.clear().put(stream, at, Math.min(5, stream.length - at)).flip();
            d.feed(direct);
            assertFalse(direct.hasRemaining());
        }
        assertEquals(Value.Array.of(Value.bulk("GET"), Value.bulk("k")), d.next());
        assertEquals(Value.Array.of(Value.bulk("PING")), d.next());
        assertNull(d.next());
    }

    @Test
    void aDecoderIsReusableAcrossManyFramesAndBigOnes() throws Exception {
        Decoder d = new Decoder();
        List<Value> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] body = new byte[i % 10 == 0 ? 2_000_000 : i];
            Arrays.fill(body, (byte) i);
            Value v = new Value.Bulk(body);
            sent.add(v);
            byte[] frame = Encoder.encode(v, Dialect.RESP2);
            d.feed(frame, 0, frame.length / 2);
            assertNull(d.next());
            d.feed(frame, frame.length / 2, frame.length - frame.length / 2);
            assertEquals(v, d.next());
            assertFalse(d.hasBufferedInput());
        }
        assertEquals(50, sent.size());
    }
}

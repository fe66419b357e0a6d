package dev.simpleredis.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.simpleredis.api.Value;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact bytes per dialect: the RESP2 downgrades, RESP3's null, and double formatting. */
class EncoderTest {

    private static String enc(Value v, Dialect d) {
        return new String(Encoder.encode(v, d), StandardCharsets.UTF_8);
    }

    private static Value.Dict dict(Value... kv) {
        Map<Value, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Value.Dict(m);
    }

    @Test
    void scalarsAreTheSameInEveryDialect() {
        for (Dialect d : Dialect.values()) {
            assertEquals("+OK\r\n", enc(Value.Simple.OK, d));
            assertEquals("-ERR bad\r\n", enc(new Value.Error("ERR bad"), d));
            assertEquals(":-42\r\n", enc(Value.Int.of(-42), d));
            assertEquals(":-9223372036854775808\r\n", enc(Value.Int.of(Long.MIN_VALUE), d));
            assertEquals(":9223372036854775807\r\n", enc(Value.Int.of(Long.MAX_VALUE), d));
            assertEquals("$5\r\nhe\r\nl\r\n", enc(Value.bulk("he\r\nl"), d));
            assertEquals("$0\r\n\r\n", enc(Value.bulk(""), d));
            assertEquals("*0\r\n", enc(Value.Array.EMPTY, d));
            assertEquals("*2\r\n:1\r\n*1\r\n$1\r\nx\r\n", enc(Value.Array.of(Value.Int.ONE, Value.Array.of(Value.bulk("x"))), d));
        }
    }

    @Test
    void oneLineFramesCannotBeBrokenByCrOrLf() {
        assertEquals("+a b c\r\n", enc(new Value.Simple("a\rb\nc"), Dialect.SEED));
        assertEquals("-ERR x  y\r\n", enc(new Value.Error("ERR x\r\ny"), Dialect.RESP2));
        assertEquals("-ERR caf\u00e9 x\r\n", enc(new Value.Error("ERR caf\u00e9\nx"), Dialect.RESP2));
        assertEquals("+caf\u00e9\r\n", enc(new Value.Simple("caf\u00e9"), Dialect.RESP3));
    }

    @Test
    void resp2FlattensDictsIntoArrays() {
        Value v = dict(Value.bulk("a"), Value.Int.ONE, Value.bulk("b"), Value.Array.of(Value.bulk("x")));
        assertEquals("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n", enc(v, Dialect.RESP2));
        assertEquals("%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n", enc(v, Dialect.SEED));
        assertEquals("%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n", enc(v, Dialect.RESP3));
        assertEquals("*0\r\n", enc(dict(), Dialect.RESP2));
        assertEquals("%0\r\n", enc(dict(), Dialect.RESP3));
    }

    @Test
    void resp2WritesDoublesAsBulkStrings() {
        assertEquals("$3\r\n1.5\r\n", enc(new Value.Double(1.5), Dialect.RESP2));
        assertEquals("$3\r\ninf\r\n", enc(new Value.Double(Double.POSITIVE_INFINITY), Dialect.RESP2));
        assertEquals("$4\r\n-inf\r\n", enc(new Value.Double(Double.NEGATIVE_INFINITY), Dialect.RESP2));
        assertEquals(",1.5\r\n", enc(new Value.Double(1.5), Dialect.RESP3));
        assertEquals(",3\r\n", enc(new Value.Double(3.0), Dialect.SEED));
        assertEquals(",nan\r\n", enc(new Value.Double(Double.NaN), Dialect.RESP3));
    }

    @Test
    void doublesPrintTheirOwnTextWhenGiven() {
        Value score = new Value.Double(1.1, "1.1000000000000001");
        assertEquals("$18\r\n1.1000000000000001\r\n", enc(score, Dialect.RESP2));
        assertEquals(",1.1000000000000001\r\n", enc(score, Dialect.RESP3));
        assertEquals(",1.1000000000000001\r\n", enc(score, Dialect.SEED));
    }

    @Test
    void resp2WritesBooleansAsIntegers() {
        assertEquals(":1\r\n", enc(new Value.Bool(true), Dialect.RESP2));
        assertEquals(":0\r\n", enc(new Value.Bool(false), Dialect.RESP2));
        assertEquals("#t\r\n", enc(new Value.Bool(true), Dialect.RESP3));
        assertEquals("#f\r\n", enc(new Value.Bool(false), Dialect.SEED));
    }

    @Test
    void nullIsDollarMinusOneExceptInResp3() {
        assertEquals("$-1\r\n", enc(Value.Null.INSTANCE, Dialect.RESP2));
        assertEquals("$-1\r\n", enc(Value.Null.INSTANCE, Dialect.SEED));
        assertEquals("_\r\n", enc(Value.Null.INSTANCE, Dialect.RESP3));
        assertEquals("*2\r\n_\r\n_\r\n", enc(Value.Array.of(Value.Null.INSTANCE, Value.Null.INSTANCE), Dialect.RESP3));
    }

    @Test
    void commandsAreArraysOfBulkStrings() {
        Output out = new Output(4);
        Encoder.encodeCommand(out, "SET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII), new byte[] {0, '\r', '\n'});
        assertEquals("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\0\r\n\r\n", new String(out.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void formatDoubleMatchesRedis() {
        assertEquals("1.5", Encoder.formatDouble(1.5));
        assertEquals("3", Encoder.formatDouble(3.0));
        assertEquals("-3", Encoder.formatDouble(-3.0));
        assertEquals("0", Encoder.formatDouble(0.0));
        assertEquals("-0", Encoder.formatDouble(-0.0));
        assertEquals("inf", Encoder.formatDouble(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Encoder.formatDouble(Double.NEGATIVE_INFINITY));
        assertEquals("nan", Encoder.formatDouble(Double.NaN));
        assertEquals("0.1", Encoder.formatDouble(0.1));
        assertEquals("99999999999999984", Encoder.formatDouble(1e17 - 16), "integers below 1e17 are written in full");
        String big = Encoder.formatDouble(1e300);
        assertEquals(1e300, Double.parseDouble(big), big);
        assertFalse(big.contains("E"), "exponent in lower case, as Redis writes it: " + big);
        assertFalse(Encoder.formatDouble(1e-300).contains("E"));
    }

    @Test
    void formatDoubleParsesBackExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30);
            if (Double.isNaN(d)) {
                continue;
            }
            String text = Encoder.formatDouble(d);
            assertEquals(d, Double.parseDouble(text), text);
            assertFalse(text.contains("E"), text);
        }
    }
}

package dev.simpleredis.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sorted-set scores: C's %.17g, strtod's reading, and the index's byte order. */
class ScoresTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void formatsAsCPrintfSeventeenDigits() {
        // expected texts from C's printf("%.17g")
        String[][] cases = {
            {"1.1", "1.1000000000000001"}, {"0.1", "0.10000000000000001"}, {"3", "3"}, {"1e20", "1e+20"},
            {"1e-5", "1.0000000000000001e-05"}, {"0.0001", "0.0001"}, {"123456789012345678", "1.2345678901234568e+17"},
            {"1e16", "10000000000000000"}, {"1e17", "1e+17"}, {"12345678901234567", "12345678901234568"},
            {"-1.5", "-1.5"}, {"4.9e-324", "4.9406564584124654e-324"}, {"1.7976931348623157e308", "1.7976931348623157e+308"},
            {"2.675", "2.6749999999999998"}, {"0.3", "0.29999999999999999"}, {"1e15", "1000000000000000"},
            {"99.1", "99.099999999999994"}, {"-2.5e-300", "-2.5e-300"}, {"1e21", "1e+21"},
            {"9.999999999999998e16", "99999999999999984"}, {"1e-320", "9.9998886718268301e-321"},
            {"1.5e-323", "1.4821969375237396e-323"}, {"0.5", "0.5"}, {"4611686018427387904", "4.6116860184273879e+18"},
            {"-1.989032661366619e+244", "-1.989032661366619e+244"}, {"3.980498358697587e-249", "3.980498358697587e-249"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], Scores.format(Double.parseDouble(c[0])), c[0]);
        }
        assertEquals("inf", Scores.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Scores.format(Double.NEGATIVE_INFINITY));
        assertEquals("0", Scores.format(0.0));
        assertEquals("-0", Scores.format(-0.0));
    }

    @Test
    void parsesAsRedisDoes() {
        assertEquals(16.0, Scores.parse(b("0x10"), Scores.NOT_FLOAT));
        assertEquals(0.25, Scores.parse(b("0x1p-2"), Scores.NOT_FLOAT));
        assertEquals(0.5, Scores.parse(b("0x.8"), Scores.NOT_FLOAT));
        assertEquals(Double.POSITIVE_INFINITY, Scores.parse(b("+Infinity"), Scores.NOT_FLOAT));
        assertEquals(-0.0005, Scores.parse(b("-.5e-3"), Scores.NOT_FLOAT));
        assertEquals(5.0, Scores.parse(b("5."), Scores.NOT_FLOAT));
        assertEquals(Double.MIN_VALUE, Scores.parse(b("3e-324"), Scores.NOT_FLOAT));
        for (String bad : new String[] {"", " 1", "1 ", "1e999", "-1e999", "1e-400", "2e-324", "nan", "1.5e", "0x", "infinit",
                "1\0", "abc", "."}) {
            assertThrows(CommandException.class, () -> Scores.parse(b(bad), Scores.NOT_FLOAT), bad);
        }
        // range bounds are read leniently, as strtod alone reads them
        assertEquals(0.0, Scores.parseBound(b(""), 0));
        assertEquals(1.0, Scores.parseBound(b("  1"), 0));
        assertEquals(Double.POSITIVE_INFINITY, Scores.parseBound(b("1e999"), 0));
        assertEquals(2.0, Scores.parseBound(b("(2\0junk"), 1));
        assertNull(Scores.parseBound(b("1 "), 0));
        assertNull(Scores.parseBound(b("nan"), 0));
        assertNull(Scores.parseBound(b(" "), 0));
    }

    @Test
    void indexKeysSortAsScoresThenMembers() {
        SplittableRandom random = new SplittableRandom(7);
        double[] specials = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1, -Double.MIN_VALUE, -0.0, 0.0,
            Double.MIN_VALUE, 1, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int i = 0; i < 20_000; i++) {
            double x = i < 100 ? specials[i % specials.length] : Double.longBitsToDouble(random.nextLong());
            double y = i < 100 ? specials[(i / specials.length) % specials.length] : random.nextDouble(-10, 10);
            if (Double.isNaN(x)) {
                continue;
            }
            int expected = Integer.signum(x == y ? 0 : Double.compare(x, y));
            int actual = Integer.signum(Arrays.compareUnsigned(ZSet.scoreKey(x, b("m")), ZSet.scoreKey(y, b("m"))));
            assertEquals(expected, actual, x + " vs " + y);
            ZSet.Entry e = ZSet.entry(ZSet.scoreKey(x, b("member")));
            assertEquals(x == 0 ? 0.0 : x, e.score());
            assertEquals("member", new String(e.member(), StandardCharsets.ISO_8859_1));
        }
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(ZSet.scoreKey(1, b("a")), ZSet.scoreKey(1, b("ab")))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(ZSet.scoreKey(1, b("ab")), ZSet.scoreKey(1, b("b")))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(ZSet.scoreKey(1, b("\u00ff")), ZSet.scoreKey(1.5, b("")))));
    }
}

package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ByteKeyTest {

    private static ByteKey key(String text) {
        return new ByteKey(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void ordersAsUnsignedBytesAndAgreesWithEquals() {
        assertTrue(key("a").compareTo(key("b")) < 0);
        assertTrue(key("\u00ff").compareTo(key("a")) > 0);
        assertTrue(key("a").compareTo(key("ab")) < 0);
        assertEquals(0, key("ab").compareTo(key("ab")));
        assertEquals(key("ab"), key("ab"));
    }

    /** Keys of one hash code ("Aa" and "BB" hash alike) all stay findable in a HashMap. */
    @Test
    void keysOfOneHashCodeStayDistinctInAHashMap() {
        Map<ByteKey, Integer> map = new HashMap<>();
        int count = 1 << 12;
        for (int n = 0; n < count; n++) {
            map.put(key(collider(n)), n);
        }
        assertEquals(1, map.keySet().stream().mapToInt(ByteKey::hashCode).distinct().count());
        for (int n = 0; n < count; n++) {
            assertEquals(n, map.get(key(collider(n))));
        }
    }

    private static String collider(int n) {
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 12; bit++) {
            s.append((n >>> bit & 1) == 0 ? "Aa" : "BB");
        }
        return s.toString();
    }
}

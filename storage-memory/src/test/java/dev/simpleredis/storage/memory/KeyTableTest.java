package dev.simpleredis.storage.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.StoredValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The memory engine's hash table, against a {@link TreeMap} doing the same operations. */
class KeyTableTest {

    private final Random random = new Random(20261206);
    private final KeyTable table = new KeyTable();
    private final TreeMap<byte[], StoredValue> model = new TreeMap<>(Arrays::compareUnsigned);

    /** A key from a space of about {@code space} keys, of 0 to 3 bytes or a 20-byte one like the server's. */
    private byte[] key(int space) {
        int n = random.nextInt(space);
        if (n % 2 == 0) {
            return new byte[] {(byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        }
        byte[] key = new byte[20];
        Arrays.fill(key, 1, 12, (byte) 'k');
        for (int i = 19, m = n; i >= 12; i--, m /= 10) {
            key[i] = (byte) ('0' + m % 10);
        }
        return key;
    }

    private StoredValue value() {
        byte[] bytes = new byte[random.nextInt(8)];
        random.nextBytes(bytes);
        return new StoredValue(bytes, random.nextInt(4) == 0 ? random.nextInt(1_000_000) : StoredValue.NO_EXPIRY);
    }

    private void put(byte[] key) {
        StoredValue value = value();
        StoredValue previous = model.put(key, value);
        assertEquals(previous == null ? -1 : previous.value().length, table.put(key, value));
    }

    private void remove(byte[] key) {
        assertEquals(model.remove(key), table.remove(key));
    }

    private void assertSameContents() {
        assertEquals(model.size(), table.size());
        for (Map.Entry<byte[], StoredValue> e : model.entrySet()) {
            assertEquals(e.getValue(), table.get(e.getKey().clone()));
        }
    }

    @Test
    void emptyTableHasNothing() {
        assertNull(table.get(new byte[0]));
        assertNull(table.remove(new byte[] {1}));
        assertEquals(0, table.size());
    }

    @Test
    void randomPutsOverwritesAndRemovesMatchTheModel() {
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 5_000; i++) {
                byte[] key = key(4_000);
                switch (random.nextInt(4)) {
                    case 0, 1 -> put(key);
                    case 2 -> remove(key);
                    default -> assertEquals(model.get(key), table.get(key));
                }
            }
            assertSameContents();
        }
    }

    /**
     * The table keeps copies and hands out copies: an overwrite of the same length, which reuses
     * the stored array, changes no array that a caller gave or was given.
     */
    @Test
    void anOverwriteInPlaceChangesNoArrayOutsideTheTable() {
        byte[] key = {'k'};
        byte[] given = {1, 2, 3};
        assertEquals(-1, table.put(key, StoredValue.of(given)));
        given[0] = 9;
        StoredValue read = table.get(key);
        assertArrayEquals(new byte[] {1, 2, 3}, read.value(), "changing the array given changes no stored value");
        read.value()[1] = 9;
        byte[] next = {4, 5, 6};
        assertEquals(3, table.put(key, new StoredValue(next, 7)));
        assertArrayEquals(new byte[] {1, 9, 3}, read.value(), "an overwrite changes no value read before it");
        assertArrayEquals(new byte[] {4, 5, 6}, next);
        assertEquals(new StoredValue(new byte[] {4, 5, 6}, 7), table.get(key));
        assertEquals(3, table.put(key, StoredValue.of(new byte[] {7})));
        assertEquals(StoredValue.of(new byte[] {7}), table.get(key));
    }

    /** Grows through many capacities, then removes nearly everything: backward shifts and shrinking. */
    @Test
    void growsAndShrinksWithoutLosingKeys() {
        for (int i = 0; i < 100_000; i++) {
            put(key(1_000_000));
        }
        assertSameContents();
        byte[][] keys = model.keySet().toArray(byte[][]::new);
        Collections.shuffle(Arrays.asList(keys), random);
        for (int i = 0; i < keys.length - 10; i++) {
            remove(keys[i]);
            if (i % 10_000 == 0) {
                assertSameContents();
            }
        }
        assertSameContents();
        for (int i = 0; i < 1_000; i++) {
            put(key(1_000_000));
        }
        assertSameContents();
    }

    /**
     * 16,384 keys that all have one {@link Arrays#hashCode(byte[])} (each a string of "Aa" and
     * "BB", which hash alike): the table's seeded hash spreads them, so no client can line keys up
     * in one probe chain.
     */
    @Test
    void keysMadeToCollideInArraysHashCodeDoNotCollideHere() {
        int count = 1 << 14;
        Set<Integer> javaHashes = new HashSet<>();
        Set<Integer> tableHashes = new HashSet<>();
        for (int n = 0; n < count; n++) {
            byte[] key = new byte[28];
            for (int bit = 0; bit < 14; bit++) {
                byte[] pair = (n >>> bit & 1) == 0 ? new byte[] {'A', 'a'} : new byte[] {'B', 'B'};
                System.arraycopy(pair, 0, key, 2 * bit, 2);
            }
            javaHashes.add(Arrays.hashCode(key));
            tableHashes.add(KeyTable.hash(key));
            table.put(key, StoredValue.of(key));
        }
        assertEquals(1, javaHashes.size());
        assertTrue(tableHashes.size() > count - 10, tableHashes.size() + " distinct hashes of " + count);
        assertEquals(count, table.size());
    }
}

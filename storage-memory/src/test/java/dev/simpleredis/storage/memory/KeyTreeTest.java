package dev.simpleredis.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The memory engine's ordered index, against a {@link TreeSet} doing the same operations. */
class KeyTreeTest {

    private final Random random = new Random(20261206);
    private final KeyTree tree = new KeyTree();
    private final TreeSet<byte[]> model = new TreeSet<>(Arrays::compareUnsigned);

    /** Keys of 0 to 4 bytes, so that prefixes, the empty key and high (unsigned) bytes all occur. */
    private byte[] randomKey() {
        byte[] key = new byte[random.nextInt(5)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (random.nextInt(8) * 37);
        }
        return key;
    }

    /** Keys like the server's: a db prefix and a zero-padded number, so {@code n} order is key order. */
    private static byte[] numbered(int n) {
        return String.format("\0\0key:%012d", n).getBytes();
    }

    private void add(byte[] key) {
        if (model.add(key)) {
            tree.add(key);
        }
    }

    private void remove(byte[] key) {
        assertEquals(model.remove(key), tree.remove(key));
    }

    /** The first {@code limit} keys of both, which must have as many. */
    private static void assertKeys(Iterable<byte[]> expected, Iterator<byte[]> actual, int limit) {
        Iterator<byte[]> want = expected.iterator();
        for (int i = 0; i < limit && want.hasNext(); i++) {
            assertTrue(actual.hasNext(), "key " + i + " missing");
            assertEquals(Arrays.toString(want.next()), Arrays.toString(actual.next()), "key " + i);
        }
        assertEquals(want.hasNext(), actual.hasNext());
    }

    /**
     * The whole order both ways, and seeks from bounds in and out of the tree, inclusive or not
     * (the first few hundred keys from each: enough to cross leaves).
     */
    private void assertSameOrder(List<byte[]> bounds) {
        assertEquals(model.size(), tree.size());
        assertKeys(model, tree.ascending(null, true), Integer.MAX_VALUE);
        assertKeys(model.descendingSet(), tree.descending(null, true), Integer.MAX_VALUE);
        for (byte[] bound : bounds) {
            for (boolean inclusive : new boolean[] {true, false}) {
                assertKeys(model.tailSet(bound, inclusive), tree.ascending(bound, inclusive), 300);
                assertKeys(model.headSet(bound, inclusive).descendingSet(), tree.descending(bound, inclusive), 300);
            }
        }
    }

    private List<byte[]> someBounds(NavigableSet<byte[]> from, int n) {
        List<byte[]> bounds = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>(from);
        for (int i = 0; i < n && !keys.isEmpty(); i++) {
            bounds.add(keys.get(random.nextInt(keys.size())).clone());
        }
        for (int i = 0; i < n; i++) {
            bounds.add(randomKey());
        }
        return bounds;
    }

    @Test
    void emptyTreeHasNoKeysInAnyDirection() {
        assertFalse(tree.ascending(null, true).hasNext());
        assertFalse(tree.descending(null, true).hasNext());
        assertFalse(tree.ascending(new byte[] {1}, true).hasNext());
        assertFalse(tree.descending(new byte[] {1}, false).hasNext());
        assertFalse(tree.remove(new byte[] {1}));
        assertThrows(NoSuchElementException.class, () -> tree.ascending(null, true).next());
    }

    @Test
    void randomAddsAndRemovesMatchTheModel() {
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 3_000; i++) {
                byte[] key = randomKey();
                if (random.nextInt(3) == 0) {
                    remove(key);
                } else {
                    add(key);
                }
            }
            assertSameOrder(someBounds(model, 20));
        }
    }

    /** Enough keys for three levels, added at random, then removed at random down to nothing: splits, merges, loans. */
    @Test
    void manyKeysInRandomOrderSplitAndMerge() {
        List<byte[]> keys = new ArrayList<>();
        for (int n = 0; n < 60_000; n++) {
            keys.add(numbered(n));
        }
        Collections.shuffle(keys, random);
        keys.forEach(this::add);
        assertSameOrder(someBounds(model, 50));
        Collections.shuffle(keys, random);
        for (int i = 0; i < keys.size(); i++) {
            remove(keys.get(i));
            if (i % 15_000 == 0) {
                assertSameOrder(someBounds(model, 10));
            }
        }
        assertSameOrder(List.of(numbered(5)));
        add(numbered(7));
        assertSameOrder(List.of(numbered(5), numbered(7), numbered(9)));
    }

    /** Ascending adds (a log replay, a sequential load) take the split that keeps leaves full; descending ones the usual. */
    @Test
    void sequentialAddsInEitherOrder() {
        for (int n = 0; n < 40_000; n++) {
            add(numbered(2 * n));
        }
        assertSameOrder(someBounds(model, 30));
        for (int n = 40_000; n > 0; n--) {
            add(numbered(2 * n - 1));
        }
        assertSameOrder(someBounds(model, 30));
        // a range removed in order, as deleteRange does
        for (int n = 10_000; n < 50_000; n++) {
            remove(numbered(n));
        }
        assertSameOrder(List.of(numbered(9_999), numbered(10_000), numbered(30_000), numbered(50_000), numbered(50_001)));
    }

    @Test
    void addingAKeyTwiceIsRefused() {
        tree.add(new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> tree.add(new byte[] {1}));
        assertEquals(1, tree.size());
    }
}

package dev.simpleredis.api.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link StorageEngine} must do. An engine's test extends this class and says how to
 * open the engine; every test here then runs against it:
 *
 * <pre>{@code
 * class MyEngineTest extends StorageEngineContract {
 *     protected StorageEngine open(Path dir, Fsync fsync) {
 *         return new MyStorageProvider().open(StorageConfig.of(dir, fsync));
 *     }
 *     protected boolean persistent() { return false; }        // an in-memory engine
 *     protected String providerName() { return "my-engine"; } // checks the ServiceLoader entry
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh empty directory and an engine opened on it with {@link Fsync#NO};
 * the tests that are about durability open their own. For a persistent engine one test also
 * runs a child JVM that writes through the engine until it is killed: it creates the test class
 * with its no-argument constructor and calls {@link #open}, so {@code open} must not depend on
 * state that only the running test has.
 *
 * <p>Every test runs in a few seconds at most; the whole kit in well under half a minute for
 * an engine on disk.
 */
public abstract class StorageEngineContract {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HexFormat HEX = HexFormat.of();
    /** Keys in unsigned order: high bytes (0x80, 0xFF), and keys that are prefixes of the next. */
    private static final List<byte[]> UNSIGNED_ORDER = List.of(
            new byte[] {0x00},
            new byte[] {0x00, 0x00},
            new byte[] {0x01},
            new byte[] {0x01, 0x00},
            new byte[] {0x01, (byte) 0xFF},
            new byte[] {0x7F},
            new byte[] {0x7F, (byte) 0xFF},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0x80, 0x00},
            new byte[] {(byte) 0xFE, (byte) 0xFF},
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xFF, 0x00},
            new byte[] {(byte) 0xFF, (byte) 0xFF});

    @TempDir
    protected Path dir;

    private StorageEngine engine;

    /**
     * Opens (creating if needed) the engine's store in {@code dir}, as its provider would for
     * {@code StorageConfig.of(dir, fsync)}. Called again on the same directory to reopen.
     */
    protected abstract StorageEngine open(Path dir, Fsync fsync);

    /** Whether the engine keeps its data across close and open; if not, those tests are skipped. */
    protected boolean persistent() {
        return true;
    }

    /** The engine's provider name, to check its {@code META-INF/services} entry; {@code null} skips that. */
    protected String providerName() {
        return null;
    }

    /** The engine under test, opened with {@link Fsync#NO} on {@link #dir}. */
    protected final StorageEngine engine() {
        return engine;
    }

    @BeforeEach
    final void openEngine() {
        engine = open(dir, Fsync.NO);
    }

    @AfterEach
    final void closeEngine() {
        engine.close();
    }

    // ---- single keys -------------------------------------------------------------------------

    @Test
    void getOfAbsentKeyIsNull() {
        assertNull(engine.get(key("absent")));
    }

    @Test
    void putThenGet() {
        engine.put(key("k"), value("v"));
        assertEquals(value("v"), engine.get(key("k")));
        assertNull(engine.get(key("k2")), "a put changes only its key");
    }

    @Test
    void putOverwrites() {
        engine.put(key("k"), value("one"));
        engine.put(key("k"), value("two"));
        assertEquals(value("two"), engine.get(key("k")));
        assertEquals(1, engine.count(null, null));
    }

    /**
     * What a caller holds is not changed by later writes: a value it read, a value it wrote, and
     * another key written from the same array. An engine may reuse its own storage for an
     * overwrite (the memory engine copies a value of the same length into the old one's array),
     * but not an array it was given or has handed out.
     */
    @Test
    void anOverwriteChangesNoValueACallerHolds() {
        StoredValue shared = value("same");
        engine.write(new WriteBatch().put(key("a"), shared).put(key("b"), shared));
        StoredValue read = engine.get(key("a"));
        List<StoredValue> readAll = engine.getAll(List.of(key("a"), key("b")));
        NavigableMap<byte[], StoredValue> scanned = scanAll(null, null);
        StoredValue computed = engine.compute(key("c"), current -> value("also"));
        engine.put(key("a"), value("SAME"));
        engine.write(new WriteBatch().put(key("b"), value("SAME")).put(key("c"), value("ALSO")));
        engine.compute(key("a"), current -> value("Same"));
        assertEquals(value("same"), read, "a value read before the overwrite");
        assertEquals(List.of(value("same"), value("same")), readAll, "values read by getAll");
        assertEquals(value("same"), scanned.get(key("a")), "a value a scan visited");
        assertEquals(value("same"), shared, "the value that was written");
        assertEquals(value("also"), computed, "the value compute returned");
        assertEquals(List.of(value("Same"), value("SAME"), value("ALSO")),
                engine.getAll(List.of(key("a"), key("b"), key("c"))));
    }

    @Test
    void deleteRemovesAndTellsWhetherTheKeyWasThere() {
        engine.put(key("k"), value("v"));
        assertTrue(engine.delete(key("k")));
        assertNull(engine.get(key("k")));
        assertFalse(engine.delete(key("k")));
        assertEquals(0, engine.count(null, null));
    }

    @Test
    void getAllReturnsValuesInTheOrderAsked() {
        engine.put(key("a"), value("1"));
        engine.put(key("c"), value("3"));
        List<StoredValue> values = engine.getAll(List.of(key("c"), key("b"), key("a"), key("c")));
        assertEquals(Arrays.asList(value("3"), null, value("1"), value("3")), values);
        assertEquals(List.of(), engine.getAll(List.of()));
    }

    // ---- batches -----------------------------------------------------------------------------

    @Test
    void batchAppliesItsOperationsInOrder() {
        engine.put(key("gone"), value("x"));
        engine.write(new WriteBatch()
                .put(key("a"), value("1"))
                .put(key("b"), value("2"))
                .delete(key("a"))
                .put(key("b"), value("3"))
                .delete(key("gone"))
                .put(key("c"), value("4"))
                .delete(key("never-there")));
        assertSameContent(model(entry("b", "3"), entry("c", "4")), scanAll(null, null));
    }

    @Test
    void emptyBatchChangesNothing() {
        engine.put(key("k"), value("v"));
        engine.write(new WriteBatch());
        assertSameContent(model(entry("k", "v")), scanAll(null, null));
    }

    /**
     * Two writers each set every key of a group to one version tag per batch (now and then
     * deleting them all); readers must always find the group all equal, and so must the end.
     */
    @Test
    void batchesAreAtomic() throws Exception {
        List<byte[]> group = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            group.add(key("group-" + i));
        }
        int enough = 400;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        AtomicInteger writersLeft = new AtomicInteger(2);
        AtomicLong reads = new AtomicLong();
        inParallel(4, thread -> {
            if (thread < 2) {
                try {
                    for (int v = 0; v < enough || reads.get() < enough && System.nanoTime() < deadline; v++) {
                        WriteBatch batch = new WriteBatch();
                        for (byte[] k : group) {
                            if (v % 10 == 9) {
                                batch.delete(k);
                            } else {
                                batch.put(k, new StoredValue(bytes("w" + thread + "-" + v), v + 1));
                            }
                        }
                        engine.write(batch);
                    }
                } finally {
                    writersLeft.decrementAndGet();
                }
            } else {
                while (writersLeft.get() > 0) {
                    assertAllEqual(engine.getAll(group));
                    reads.incrementAndGet();
                }
            }
        });
        assertTrue(reads.get() > 0);
        assertAllEqual(engine.getAll(group));
    }

    private static void assertAllEqual(List<StoredValue> values) {
        for (StoredValue v : values) {
            assertEquals(values.get(0), v, "saw part of a batch: " + values);
        }
    }

    /**
     * A range delete applies in its place in the batch: it removes the batch's earlier put in its
     * range and the stored keys there (its bound {@code from} included, {@code to} excluded),
     * and a later put in the range stays.
     */
    @Test
    void batchRangeDeleteAppliesInOrder() {
        for (String k : List.of("c", "r", "r-1", "r-2", "s", "t")) {
            engine.put(key(k), value("old " + k));
        }
        engine.write(new WriteBatch()
                .put(key("r-a"), value("put before"))
                .put(key("c"), value("outside"))
                .deleteRange(key("r"), key("s"))
                .put(key("r-b"), value("put after")));
        assertSameContent(model(entry("c", "outside"), entry("r-b", "put after"), entry("s", "old s"), entry("t", "old t")),
                scanAll(null, null));
    }

    /** The bounds compare as unsigned bytes: 0x80 lies between 0x7F and 0xFF. */
    @Test
    void batchRangeDeleteOrdersBoundsAsUnsignedBytes() {
        List<byte[]> keys = List.of(new byte[] {0x01}, new byte[] {0x7F}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF});
        for (byte[] k : keys) {
            engine.put(k, StoredValue.of(k));
        }
        engine.write(new WriteBatch().deleteRange(new byte[] {0x7F, 0x00}, new byte[] {(byte) 0xFF}));
        assertEquals(hex(List.of(keys.get(0), keys.get(1), keys.get(3))), hex(keysOf(scanAll(null, null))));
    }

    /** A range that holds no key ({@code from >= to}, an empty {@code to} too) deletes nothing. */
    @Test
    void batchRangeDeleteOfAnEmptyRangeDeletesNothing() {
        engine.put(key("a"), value("1"));
        engine.put(key("b"), value("2"));
        engine.write(new WriteBatch()
                .deleteRange(key("b"), key("a"))
                .deleteRange(key("a"), key("a"))
                .deleteRange(key("a"), new byte[0])
                .deleteRange(new byte[0], new byte[0])
                .put(key("c"), value("3")));
        assertSameContent(model(entry("a", "1"), entry("b", "2"), entry("c", "3")), scanAll(null, null));
    }

    /**
     * Two writers each replace a collection: a put of a stale element, a range delete of the
     * collection, then its first {@code n} elements, all tagged with {@code n} and the version.
     * Readers must always find exactly elements {@code 0..n-1}, all with one tag.
     */
    @Test
    void batchRangeDeletesAreAtomic() throws Exception {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            elements.add(key("coll-" + i));
        }
        byte[] stale = elements.getLast();
        int enough = 400;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        AtomicInteger writersLeft = new AtomicInteger(2);
        AtomicLong reads = new AtomicLong();
        inParallel(4, thread -> {
            if (thread < 2) {
                try {
                    for (int v = 0; v < enough || reads.get() < enough && System.nanoTime() < deadline; v++) {
                        int n = 1 + (v + thread) % (elements.size() - 1);
                        WriteBatch batch = new WriteBatch()
                                .put(stale, value("stale"))
                                .deleteRange(key("coll-"), key("coll."));
                        for (byte[] k : elements.subList(0, n)) {
                            batch.put(k, value(n + "/w" + thread + "-" + v));
                        }
                        engine.write(batch);
                    }
                } finally {
                    writersLeft.decrementAndGet();
                }
            } else {
                while (writersLeft.get() > 0) {
                    assertOneWholeCollection(engine.getAll(elements));
                    reads.incrementAndGet();
                }
            }
        });
        assertTrue(reads.get() > 0);
        assertOneWholeCollection(engine.getAll(elements));
        assertNotNull(engine.get(elements.getFirst()), "the writers wrote");
    }

    private static void assertOneWholeCollection(List<StoredValue> values) {
        StoredValue first = values.getFirst();
        String tag = first == null ? "0/" : text(first.value());
        int n = Integer.parseInt(tag.substring(0, tag.indexOf('/')));
        for (int i = 0; i < values.size(); i++) {
            assertEquals(i < n ? first : null, values.get(i), "saw part of a batch: " + values);
        }
    }

    // ---- bytes -------------------------------------------------------------------------------

    @Test
    void everyByteValueRoundTripsInKeysAndValues() {
        for (int b = 0; b < 256; b++) {
            engine.put(new byte[] {(byte) b}, StoredValue.of(allBytesFrom(b)));
        }
        for (int b = 0; b < 256; b++) {
            StoredValue stored = engine.get(new byte[] {(byte) b});
            assertNotNull(stored, "key " + b);
            assertArrayEquals(allBytesFrom(b), stored.value(), "value under key " + b);
        }
        List<byte[]> keys = keysOf(scanAll(null, null));
        assertEquals(256, keys.size());
        for (int b = 0; b < 256; b++) {
            assertArrayEquals(new byte[] {(byte) b}, keys.get(b), "keys scan as unsigned bytes");
        }
    }

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        putShuffled(UNSIGNED_ORDER);
        assertEquals(hex(UNSIGNED_ORDER), hex(keysOf(scanAll(null, null))));
        assertEquals(hex(UNSIGNED_ORDER.subList(2, 5)),
                hex(keysOf(scanAll(new byte[] {0x01}, new byte[] {0x7F}))), "0xFF sorts after 0x01");
    }

    /** Each key stored under itself, in an order that is not the keys' own. */
    private void putShuffled(List<byte[]> keys) {
        List<byte[]> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(1));
        for (byte[] k : shuffled) {
            engine.put(k, StoredValue.of(k));
        }
    }

    @Test
    void emptyValueIsAValue() {
        engine.put(key("empty"), StoredValue.of(new byte[0]));
        StoredValue stored = engine.get(key("empty"));
        assertNotNull(stored, "an empty value is not an absent key");
        assertEquals(0, stored.value().length);
        assertEquals(1, engine.count(null, null));
    }

    @Test
    void largeValuesAndKeysRoundTrip() {
        byte[] big = randomBytes(8 * 1024 * 1024 + 7, 2);
        byte[] bigKey = randomBytes(4096, 3);
        engine.put(key("big"), new StoredValue(big, 42));
        engine.put(bigKey, value("under a big key"));
        assertEquals(new StoredValue(big, 42), engine.get(key("big")));
        assertEquals(value("under a big key"), engine.get(bigKey));
        assertEquals(new StoredValue(big, 42), scanAll(key("big"), null).get(key("big")));
    }

    /** Values are the protocol codec's bytes: CR LF, NUL, invalid UTF-8, nested frames. */
    @Test
    void codecEncodedValuesRoundTripByteForByte() {
        byte[] nested = "%1\r\n$2\r\nvx\r\n%2\r\n$2\r\nvy\r\n:0\r\n$2\r\nvz\r\n*3\r\n:1\r\n:2\r\n:3\r\n".getBytes(US_ASCII);
        byte[] awkward = {'\r', '\n', 0, '\r', 0, '\n', '\n', '\r', (byte) 0xC3, 0x28, (byte) 0xFF, ' ', 0};
        byte[][] values = {nested, awkward, "$-1\r\n".getBytes(US_ASCII), {'\r'}, {'\n'}, {0}};
        for (int i = 0; i < values.length; i++) {
            engine.put(key("put-" + i), StoredValue.of(values[i]));
            engine.write(new WriteBatch().put(key("batch-" + i), StoredValue.of(values[i])));
            byte[] v = values[i];
            engine.compute(key("compute-" + i), current -> StoredValue.of(v));
        }
        for (int i = 0; i < values.length; i++) {
            for (String via : List.of("put-", "batch-", "compute-")) {
                assertArrayEquals(values[i], engine.get(key(via + i)).value(), via + i);
                assertArrayEquals(values[i], engine.getAll(List.of(key(via + i))).get(0).value(), via + i);
                assertArrayEquals(values[i], scanAll(key(via + i), null).firstEntry().getValue().value(), via + i);
            }
        }
    }

    /** Expiry is metadata the engine keeps as given; it never drops or hides an expired value. */
    @Test
    void expiryIsKeptAsGiven() {
        long[] expiries = {StoredValue.NO_EXPIRY, 1, System.currentTimeMillis() - 1000,
                System.currentTimeMillis() + 60_000, Long.MAX_VALUE};
        NavigableMap<byte[], StoredValue> expected = model();
        for (int i = 0; i < expiries.length; i++) {
            StoredValue v = new StoredValue(bytes("v" + i), expiries[i]);
            engine.put(key("put-" + i), v);
            engine.write(new WriteBatch().put(key("batch-" + i), v));
            engine.compute(key("compute-" + i), current -> v);
            for (String via : List.of("put-", "batch-", "compute-")) {
                expected.put(key(via + i), v);
            }
        }
        assertSameContent(expected, scanAll(null, null));
        for (Map.Entry<byte[], StoredValue> e : expected.entrySet()) {
            assertEquals(e.getValue(), engine.get(e.getKey()));
        }
        engine.compute(key("put-0"), current -> new StoredValue(current.value(), 7));
        assertEquals(new StoredValue(bytes("v0"), 7), engine.get(key("put-0")), "compute can set an expiry");
    }

    // ---- compute -----------------------------------------------------------------------------

    @Test
    void computeSeesTheCurrentValueAndStoresTheResult() {
        assertEquals(value("first"), engine.compute(key("k"), current -> {
            assertNull(current);
            return value("first");
        }));
        assertEquals(value("first-second"), engine.compute(key("k"),
                current -> StoredValue.of(bytes(text(current.value()) + "-second"))));
        assertEquals(value("first-second"), engine.get(key("k")));
    }

    /** Eight threads increment one counter 10,000 times each: none of the increments may be lost. */
    @Test
    void computeIsAtomicUnderConcurrency() throws Exception {
        int threads = 8;
        int increments = 10_000;
        byte[] counter = key("counter");
        inParallel(threads, thread -> {
            for (int i = 0; i < increments; i++) {
                engine.compute(counter, current -> StoredValue.of(bytes(
                        Long.toString(current == null ? 1 : Long.parseLong(text(current.value())) + 1))));
            }
        });
        assertEquals(Long.toString(threads * increments), text(engine.get(counter).value()));
    }

    @Test
    void computeReturningNullDeletes() {
        engine.put(key("k"), value("v"));
        assertNull(engine.compute(key("k"), current -> null));
        assertNull(engine.get(key("k")));
        assertNull(engine.compute(key("absent"), current -> null));
        assertEquals(0, engine.count(null, null), "computing null for an absent key writes nothing");
    }

    /** Repeated more times than a connection pool is likely to be large: a failed compute must release what it held. */
    @Test
    void computeThatThrowsWritesNothing() {
        engine.put(key("k"), value("v"));
        for (int i = 0; i < 20; i++) {
            for (String k : List.of("k", "absent")) {
                IllegalStateException thrown = new IllegalStateException("refused " + i);
                RuntimeException caught = assertThrows(RuntimeException.class,
                        () -> engine.compute(key(k), current -> {
                            throw thrown;
                        }));
                assertSame(thrown, caught, "the function's exception propagates as it is");
            }
        }
        assertSameContent(model(entry("k", "v")), scanAll(null, null));
        engine.compute(key("k"), current -> value("after"));
        assertEquals(value("after"), engine.get(key("k")), "the engine still works");
    }

    // ---- scan, count, deleteRange ------------------------------------------------------------

    @Test
    void scanVisitsEveryKeyInOrder() {
        NavigableMap<byte[], StoredValue> expected = randomContent(1000, 4);
        expected.forEach(engine::put);
        assertSameContent(expected, scanAll(null, null));
    }

    /** Random bounds, against a sorted map: {@code from} inclusive, {@code to} exclusive, {@code null} unbounded. */
    @Test
    void scanAndCountHonourBounds() {
        NavigableMap<byte[], StoredValue> expected = randomContent(300, 5);
        expected.forEach(engine::put);
        forRandomRanges(expected, (from, to, slice, range) -> {
            assertEquals(hex(List.copyOf(slice.keySet())), hex(keysOf(scanAll(from, to))), range);
            assertEquals(slice.size(), engine.count(from, to), range);
        });
        byte[] k = new ArrayList<>(expected.keySet()).get(100);
        assertEquals(List.of(), keysOf(scanAll(k, k)), "from == to is empty");
        assertEquals(1, scanAll(k, successor(k)).size(), "from is inclusive");
    }

    /** Runs {@code check} on 200 random ranges (bounds null, keys of {@code content}, or not), the same every run. */
    private static void forRandomRanges(NavigableMap<byte[], StoredValue> content, RangeCheck check) {
        List<byte[]> existing = new ArrayList<>(content.keySet());
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            byte[] from = bound(random, existing);
            byte[] to = bound(random, existing);
            String range = "[" + (from == null ? "-" : HEX.formatHex(from)) + ", "
                    + (to == null ? "-" : HEX.formatHex(to)) + ")";
            check.check(from, to, slice(content, from, to), range);
        }
    }

    @FunctionalInterface
    private interface RangeCheck {
        /** {@code slice} is what {@code content} holds in the range, {@code range} the range for messages. */
        void check(byte[] from, byte[] to, NavigableMap<byte[], StoredValue> slice, String range);
    }

    private static byte[] bound(Random random, List<byte[]> existing) {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> existing.get(random.nextInt(existing.size()));
            case 2 -> successor(existing.get(random.nextInt(existing.size())));
            default -> randomKey(random);
        };
    }

    @Test
    void scanStopsWhenTheVisitorSaysSo() {
        assertScanStopsWhenTheVisitorSaysSo(false);
    }

    /** More keys than an engine is likely to read in one page, so that some stops come on a later page. */
    private void assertScanStopsWhenTheVisitorSaysSo(boolean descending) {
        NavigableMap<byte[], StoredValue> expected = randomContent(600, 7);
        expected.forEach(engine::put);
        List<byte[]> inOrder = new ArrayList<>(descending ? expected.descendingKeySet() : expected.keySet());
        for (int stopAfter : new int[] {1, 10, 300, 599}) {
            List<byte[]> seen = new ArrayList<>();
            scan(engine, null, null, descending, (k, v) -> {
                seen.add(k);
                return seen.size() < stopAfter;
            });
            assertEquals(hex(inOrder.subList(0, stopAfter)), hex(seen));
        }
    }

    @Test
    void scanWhileAnotherThreadWrites() throws Exception {
        assertScansWhileAnotherThreadWrites(false);
    }

    /**
     * While another thread inserts, deletes and overwrites, scans in either direction must still
     * visit, in their order and exactly once, every key that exists throughout. Stable and
     * churning keys interleave.
     */
    private void assertScansWhileAnotherThreadWrites(boolean descending) throws Exception {
        int stable = 3000;
        for (int i = 0; i < stable; i++) {
            engine.put(numberedKey(2 * i), value("stable"));
        }
        AtomicBoolean scanning = new AtomicBoolean(true);
        AtomicInteger scans = new AtomicInteger();
        inParallel(2, thread -> {
            if (thread == 0) {
                Random random = new Random(8);
                while (scanning.get()) {
                    int n = random.nextInt(2 * stable);
                    if (n % 2 == 0) {
                        engine.put(numberedKey(n), value("stable, rewritten"));
                    } else if (random.nextBoolean()) {
                        engine.put(numberedKey(n), value("churn"));
                    } else {
                        engine.delete(numberedKey(n));
                    }
                }
            } else {
                try {
                    for (int s = 0; s < 5; s++) {
                        List<byte[]> keys = keysOf(visited(engine, null, null, descending));
                        long stableSeen = keys.stream().filter(k -> keyNumber(k) % 2 == 0).count();
                        assertEquals(stable, stableSeen, "every stable key exactly once");
                        scans.incrementAndGet();
                    }
                } finally {
                    scanning.set(false);
                }
            }
        });
        assertEquals(5, scans.get());
    }

    // ---- descending scan ---------------------------------------------------------------------

    @Test
    void scanDescendingVisitsEveryKeyInReverseOrder() {
        NavigableMap<byte[], StoredValue> expected = randomContent(1000, 4);
        expected.forEach(engine::put);
        assertSameContent(expected, scanDescending(engine, null, null));
    }

    @Test
    void keysScanDescendingInReverseUnsignedOrder() {
        putShuffled(UNSIGNED_ORDER);
        assertEquals(hex(UNSIGNED_ORDER.reversed()), hex(keysOf(visited(engine, null, null, true))));
        assertEquals(hex(UNSIGNED_ORDER.subList(2, 5).reversed()),
                hex(keysOf(visited(engine, new byte[] {0x01}, new byte[] {0x7F}, true))), "0xFF sorts after 0x01");
        assertEquals(hex(UNSIGNED_ORDER.subList(5, 10).reversed()),
                hex(keysOf(visited(engine, new byte[] {0x7F}, new byte[] {(byte) 0xFF}, true))), "0x80 sorts after 0x7F");
    }

    /** The same random ranges as for scan: {@code from} inclusive, {@code to} exclusive, {@code null} unbounded. */
    @Test
    void scanDescendingHonoursBounds() {
        NavigableMap<byte[], StoredValue> expected = randomContent(300, 5);
        expected.forEach(engine::put);
        forRandomRanges(expected, (from, to, slice, range) ->
                assertEquals(hex(List.copyOf(slice.descendingKeySet())), hex(keysOf(visited(engine, from, to, true))), range));
        byte[] k = new ArrayList<>(expected.keySet()).get(100);
        assertEquals(List.of(), keysOf(visited(engine, k, k, true)), "from == to is empty");
        assertEquals(List.of(), keysOf(visited(engine, successor(k), k, true)), "from after to is empty");
        assertEquals(hex(List.of(k)), hex(keysOf(visited(engine, k, successor(k), true))), "from is inclusive");
        assertEquals(HEX.formatHex(expected.lowerKey(k)), HEX.formatHex(visited(engine, null, k, true).getFirst().getKey()),
                "to is exclusive");
    }

    @Test
    void scanDescendingStopsWhenTheVisitorSaysSo() {
        assertScanStopsWhenTheVisitorSaysSo(true);
    }

    @Test
    void scanDescendingWhileAnotherThreadWrites() throws Exception {
        assertScansWhileAnotherThreadWrites(true);
    }

    /**
     * After overwrites, deletes and range deletes, a descending scan visits what a scan does,
     * over random ranges and then with values large enough to end an engine's page early.
     */
    @Test
    void scanDescendingSeesWhatScanSees() {
        NavigableMap<byte[], StoredValue> content = randomContent(1000, 12);
        content.forEach(engine::put);
        List<byte[]> keys = new ArrayList<>(content.keySet());
        WriteBatch batch = new WriteBatch().deleteRange(keys.get(400), keys.get(450));
        for (int i = 0; i < keys.size(); i += 7) {
            batch.delete(keys.get(i));
        }
        for (int i = 0; i < keys.size(); i += 5) {
            batch.put(keys.get(i), value("overwritten " + i));
        }
        engine.write(batch);
        forRandomRanges(content, (from, to, slice, range) ->
                assertSameContent(scan(engine, from, to), scanDescending(engine, from, to), range));
        for (int i = 0; i < 5; i++) {
            engine.put(key("large-" + i), StoredValue.of(randomBytes(1024 * 1024 + i, 13 + i)));
        }
        assertSameContent(scan(engine, null, null), scanDescending(engine, null, null), "with large values");
    }

    @Test
    void deleteRangeRemovesExactlyTheRangeAndCountsIt() {
        NavigableMap<byte[], StoredValue> expected = randomContent(500, 9);
        expected.forEach(engine::put);
        assertEquals(500, engine.count(null, null));
        List<byte[]> keys = new ArrayList<>(expected.keySet());
        byte[] from = keys.get(100);
        byte[] to = keys.get(200);
        assertEquals(100, engine.deleteRange(from, to));
        slice(expected, from, to).clear();
        assertSameContent(expected, scanAll(null, null));
        assertEquals(0, engine.deleteRange(from, to), "nothing left there");
        assertEquals(100, engine.deleteRange(null, keys.get(100)));
        assertEquals(300, engine.count(null, null));
        assertEquals(300, engine.deleteRange(null, null));
        assertEquals(0, engine.count(null, null));
    }

    // ---- durability and lifecycle ------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Fsync.class)
    void closeAndReopenKeepsEverything(Fsync fsync) {
        assumeTrue(persistent(), "the engine does not persist");
        engine.close();
        NavigableMap<byte[], StoredValue> expected = randomContent(200, 10);
        byte[] large = randomBytes(1024 * 1024, 11);
        try (StorageEngine first = open(dir, fsync)) {
            expected.forEach(first::put);
            WriteBatch batch = new WriteBatch();
            for (byte[] k : new ArrayList<>(expected.keySet()).subList(0, 50)) {
                batch.delete(k);
                expected.remove(k);
            }
            batch.put(key("batched"), new StoredValue(bytes("b"), 1234));
            expected.put(key("batched"), new StoredValue(bytes("b"), 1234));
            first.write(batch);
            first.compute(key("counter"), current -> value("41"));
            first.compute(key("counter"), current -> value("42"));
            expected.put(key("counter"), value("42"));
            first.put(key("large"), StoredValue.of(large));
            expected.put(key("large"), StoredValue.of(large));
            first.put(key("empty"), StoredValue.of(new byte[0]));
            expected.put(key("empty"), StoredValue.of(new byte[0]));
        }
        for (int round = 0; round < 2; round++) {
            try (StorageEngine reopened = open(dir, fsync)) {
                assertSameContent(expected, scan(reopened, null, null), "after reopen " + (round + 1));
                reopened.put(key("round-" + round), value("r"));
                expected.put(key("round-" + round), value("r"));
            }
        }
        engine = open(dir, Fsync.NO);
    }

    /** Range deletes in batches are replayed in their place, and empty ones as nothing. */
    @ParameterizedTest
    @EnumSource(Fsync.class)
    void batchRangeDeletesSurviveReopen(Fsync fsync) {
        assumeTrue(persistent(), "the engine does not persist");
        engine.close();
        try (StorageEngine first = open(dir, fsync)) {
            for (String k : List.of("a", "r-1", "r-2", "s")) {
                first.put(key(k), value("old " + k));
            }
            first.write(new WriteBatch()
                    .put(key("r-a"), value("put before"))
                    .deleteRange(key("r"), key("s"))
                    .put(key("r-b"), value("put after"))
                    .deleteRange(key("a"), new byte[0]));
            first.write(new WriteBatch().deleteRange(key("b"), key("a")));
            first.write(new WriteBatch().put(key("t"), value("t")).deleteRange(key("t"), key("u")).put(key("u"), value("u")));
        }
        NavigableMap<byte[], StoredValue> expected = model(entry("a", "old a"), entry("r-b", "put after"),
                entry("s", "old s"), entry("u", "u"));
        for (int round = 0; round < 2; round++) {
            try (StorageEngine reopened = open(dir, fsync)) {
                assertSameContent(expected, scan(reopened, null, null), "after reopen " + (round + 1));
            }
        }
        engine = open(dir, Fsync.NO);
    }

    @ParameterizedTest
    @EnumSource(Fsync.class)
    void awaitDurableReturns(Fsync fsync) {
        engine.close();
        engine = open(dir, fsync);
        assertTimeoutPreemptively(DEADLINE, () -> {
            engine.awaitDurable();
            inParallel(4, thread -> {
                for (int i = 0; i < 25; i++) {
                    engine.put(key("t" + thread + "-" + i), value("v"));
                    engine.awaitDurable();
                }
            });
        });
        assertEquals(100, engine.count(null, null));
    }

    /**
     * A child JVM writes through this engine (opened by this class's {@link #open}) and is killed
     * with SIGKILL at a random moment, three times over the same store: under {@code always}
     * every acknowledged write must be there after reopening; under every setting the store must
     * open, with every batch whole and the writes a prefix of what was written.
     */
    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        assumeTrue(persistent(), "the engine does not persist");
        engine.close();
        Random random = new Random();
        Fsync[] rounds = {Fsync.ALWAYS, Fsync.EVERYSEC, Fsync.ALWAYS};
        int[] acked = new int[rounds.length];
        for (int round = 0; round < rounds.length; round++) {
            acked[round] = CrashingWriter.runAndKill(getClass(), dir, rounds[round], round, 20 + random.nextInt(40), random);
            try (StorageEngine reopened = open(dir, rounds[round])) {
                for (int r = 0; r <= round; r++) {
                    CrashingWriter.verify(reopened, r, rounds[r] == Fsync.ALWAYS ? acked[r] : -1);
                }
            }
        }
        engine = open(dir, Fsync.NO);
    }

    /**
     * A thread's interrupt must not break the engine: the server interrupts its own threads (at
     * shutdown, for one), and a {@code FileChannel} used by an interrupted thread is closed for
     * every thread, for good. Calls from an interrupted thread work; the engine works after them.
     */
    @Test
    protected void anInterruptedCallerDoesNotBreakTheEngine() throws Exception {
        engine.close();
        engine = open(dir, Fsync.ALWAYS);
        NavigableMap<byte[], StoredValue> expected = model();
        for (int i = 0; i < 200; i++) {
            expected.put(key("before-" + i), StoredValue.of(new byte[1000]));
        }
        expected.forEach(engine::put);
        engine.awaitDurable();
        inParallel(1, thread -> {
            try {
                for (int i = 0; i < 20; i++) {
                    Thread.currentThread().interrupt();
                    engine.put(key("interrupted-" + i), value("v"));
                    Thread.currentThread().interrupt();
                    engine.awaitDurable();
                    Thread.currentThread().interrupt();
                    assertNotNull(engine.get(key("before-" + i * 10)));
                    Thread.currentThread().interrupt();
                    assertEquals(1, engine.count(key("interrupted-" + i), successor(key("interrupted-" + i))));
                    expected.put(key("interrupted-" + i), value("v"));
                }
            } finally {
                Thread.interrupted();
            }
        });
        engine.put(key("after"), value("v"));
        expected.put(key("after"), value("v"));
        engine.awaitDurable();
        assertSameContent(expected, scanAll(null, null), "after the interrupts");
        if (persistent()) {
            engine.close();
            engine = open(dir, Fsync.NO);
            assertSameContent(expected, scanAll(null, null), "after reopening");
        }
    }

    @Test
    void everyOperationFailsAfterClose() {
        engine.close();
        byte[] k = key("k");
        List<Executable> operations = List.of(
                () -> engine.get(k),
                () -> engine.getAll(List.of(k)),
                () -> engine.put(k, value("v")),
                () -> engine.write(new WriteBatch().put(k, value("v"))),
                () -> engine.delete(k),
                () -> engine.compute(k, current -> value("v")),
                () -> engine.scan(null, null, (key, value) -> true),
                () -> engine.scanDescending(null, null, (key, value) -> true),
                () -> engine.count(null, null),
                () -> engine.deleteRange(null, null),
                () -> engine.awaitDurable());
        for (Executable operation : operations) {
            assertThrows(IllegalStateException.class, operation);
        }
        engine.close();
    }

    @Test
    void providerIsRegisteredForServiceLoader() {
        String name = providerName();
        assumeTrue(name != null, "no provider name given");
        StorageProvider found = ServiceLoader.load(StorageProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no StorageProvider named '" + name
                        + "' in META-INF/services/" + StorageProvider.class.getName()));
        assertTrue(name.matches("[a-z0-9-]+"), "lower case letters, digits and dashes: " + name);
        assertEquals(StorageProvider.API_VERSION, found.apiVersion());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Runs {@code task(0..threads-1)} on that many threads at once and rethrows the first failure. */
    protected static void inParallel(int threads, ThreadTask task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            started.add(Thread.ofPlatform().name("contract-" + t).start(() -> {
                try {
                    start.await();
                    task.run(thread);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread thread : started) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                fail(thread.getName() + " still running after " + DEADLINE);
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof Error error) {
                throw error;
            }
            throw new AssertionError(first);
        }
    }

    @FunctionalInterface
    protected interface ThreadTask {
        void run(int thread) throws Exception;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(US_ASCII);
    }

    protected static String text(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    protected static byte[] key(String text) {
        return bytes(text);
    }

    protected static StoredValue value(String text) {
        return StoredValue.of(bytes(text));
    }

    /** What a scan visits; fails unless it visits keys in strictly ascending unsigned order. */
    protected static NavigableMap<byte[], StoredValue> scan(StorageEngine engine, byte[] from, byte[] to) {
        return contentOf(visited(engine, from, to, false));
    }

    /** What a descending scan visits; fails unless it visits keys in strictly descending unsigned order. */
    protected static NavigableMap<byte[], StoredValue> scanDescending(StorageEngine engine, byte[] from, byte[] to) {
        return contentOf(visited(engine, from, to, true));
    }

    /** The entries a scan visits, in the order visited; fails as soon as one is out of the scan's order. */
    private static List<Map.Entry<byte[], StoredValue>> visited(StorageEngine engine, byte[] from, byte[] to,
                                                                boolean descending) {
        List<Map.Entry<byte[], StoredValue>> seen = new ArrayList<>();
        scan(engine, from, to, descending, (k, v) -> {
            if (!seen.isEmpty() && (descending ? -1 : 1) * Arrays.compareUnsigned(seen.getLast().getKey(), k) >= 0) {
                fail((descending ? "descending scan" : "scan") + " visited " + HEX.formatHex(k)
                        + " after " + HEX.formatHex(seen.getLast().getKey()));
            }
            seen.add(Map.entry(k, v));
            return true;
        });
        return seen;
    }

    private static void scan(StorageEngine engine, byte[] from, byte[] to, boolean descending, StorageEngine.Visitor visitor) {
        if (descending) {
            engine.scanDescending(from, to, visitor);
        } else {
            engine.scan(from, to, visitor);
        }
    }

    private NavigableMap<byte[], StoredValue> scanAll(byte[] from, byte[] to) {
        return scan(engine, from, to);
    }

    /** Compares by content and, when different, says where, without printing megabytes. */
    protected static void assertSameContent(NavigableMap<byte[], StoredValue> expected,
                                            NavigableMap<byte[], StoredValue> actual) {
        assertSameContent(expected, actual, "");
    }

    protected static void assertSameContent(NavigableMap<byte[], StoredValue> expected,
                                            NavigableMap<byte[], StoredValue> actual, String when) {
        if (expected.equals(actual)) {
            return;
        }
        NavigableMap<byte[], StoredValue> all = model();
        all.putAll(expected);
        all.putAll(actual);
        for (byte[] k : all.keySet()) {
            StoredValue want = expected.get(k);
            StoredValue got = actual.get(k);
            if (want == null || !want.equals(got)) {
                fail(when + (when.isEmpty() ? "" : ": ") + "contents differ first at key " + HEX.formatHex(k) + ": expected " + describe(want)
                        + ", got " + describe(got) + " (" + expected.size() + " keys expected, " + actual.size() + " found)");
            }
        }
    }

    private static String describe(StoredValue v) {
        if (v == null) {
            return "no value";
        }
        byte[] head = Arrays.copyOf(v.value(), Math.min(v.value().length, 32));
        return v.value().length + " bytes " + HEX.formatHex(head) + (head.length < v.value().length ? "..." : "")
                + " expiring at " + v.expiresAt();
    }

    private static NavigableMap<byte[], StoredValue> contentOf(List<Map.Entry<byte[], StoredValue>> entries) {
        NavigableMap<byte[], StoredValue> map = model();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private static List<byte[]> keysOf(NavigableMap<byte[], StoredValue> map) {
        return new ArrayList<>(map.keySet());
    }

    private static List<byte[]> keysOf(List<Map.Entry<byte[], StoredValue>> entries) {
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    /**
     * A map ordered as the engine must order keys. Its {@code equals} compares keys with that
     * order and values with {@link StoredValue#equals}, so two of them compare by content.
     */
    @SafeVarargs
    private static NavigableMap<byte[], StoredValue> model(Map.Entry<byte[], StoredValue>... entries) {
        NavigableMap<byte[], StoredValue> map = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], StoredValue> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    private static Map.Entry<byte[], StoredValue> entry(String key, String value) {
        return Map.entry(key(key), value(value));
    }

    private static NavigableMap<byte[], StoredValue> slice(NavigableMap<byte[], StoredValue> map, byte[] from, byte[] to) {
        if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
            return model();
        }
        NavigableMap<byte[], StoredValue> slice = map;
        if (from != null) {
            slice = slice.tailMap(from, true);
        }
        if (to != null) {
            slice = slice.headMap(to, false);
        }
        return slice;
    }

    /** Keys of random length and bytes (many shared prefixes), values random, some with expiry. */
    private static NavigableMap<byte[], StoredValue> randomContent(int size, long seed) {
        Random random = new Random(seed);
        NavigableMap<byte[], StoredValue> map = model();
        while (map.size() < size) {
            byte[] value = randomBytes(random.nextInt(64), random.nextLong());
            map.put(randomKey(random), new StoredValue(value, random.nextBoolean() ? 0 : random.nextLong(1, Long.MAX_VALUE)));
        }
        return map;
    }

    private static byte[] randomKey(Random random) {
        byte[] k = new byte[1 + random.nextInt(6)];
        for (int i = 0; i < k.length; i++) {
            // few distinct bytes, so that keys share prefixes; the extremes test unsigned order
            k[i] = (byte) new int[] {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 'a'}[random.nextInt(7)];
        }
        return k;
    }

    /** The smallest key greater than {@code k}. */
    private static byte[] successor(byte[] k) {
        return Arrays.copyOf(k, k.length + 1);
    }

    private static byte[] numberedKey(int n) {
        return bytes(String.format("n%06d", n));
    }

    private static int keyNumber(byte[] k) {
        return Integer.parseInt(text(k).substring(1));
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] allBytesFrom(int first) {
        byte[] bytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    private static List<String> hex(List<byte[]> keys) {
        return keys.stream().map(HEX::formatHex).toList();
    }
}

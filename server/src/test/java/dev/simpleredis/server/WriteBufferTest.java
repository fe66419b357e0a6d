package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.storage.memory.MemoryStorageProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write buffer against a model: random puts, deletes and range deletes over a real engine,
 * read back through the buffer (get, count, scan both ways, with early stops) before and after commit,
 * and dropped by discard.
 */
class WriteBufferTest {

    @TempDir
    Path dir;

    private StorageEngine open() {
        return new MemoryStorageProvider().open(new StorageConfig(dir, Fsync.NO, Map.of("simpleredis.aof", "false")));
    }

    private static byte[] key(int i) {
        return new byte[] {(byte) (i / 16 * 40), (byte) (i % 16 * 17)};
    }

    @Test
    void readsThroughTheBufferMatchAModelAndCommitWritesThemAll() {
        Random random = new Random(7);
        try (StorageEngine engine = open()) {
            WriteBuffer buffer = new WriteBuffer(engine);
            TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            for (int round = 0; round < 200; round++) {
                for (int op = 0; op < 20; op++) {
                    byte[] k = key(random.nextInt(96));
                    switch (random.nextInt(4)) {
                        case 0, 1 -> {
                            byte[] v = {(byte) round, (byte) op};
                            buffer.put(k, StoredValue.of(v));
                            model.put(k, v);
                        }
                        case 2 -> {
                            buffer.delete(k);
                            model.remove(k);
                        }
                        default -> {
                            byte[] to = key(Math.min(95, random.nextInt(96) + random.nextInt(8)));
                            if (Arrays.compareUnsigned(k, to) < 0) {
                                buffer.deleteRange(k, to);
                                model.subMap(k, true, to, false).clear();
                            }
                        }
                    }
                    check(buffer, model, random);
                }
                if (random.nextInt(5) == 0) {
                    buffer.discard();
                    model.clear();
                    engine.scan(null, null, (k, v) -> {
                        model.put(k, v.value());
                        return true;
                    });
                } else {
                    buffer.commit();
                }
                check(buffer, model, random);
                check(engine, model, random);
            }
        }
    }

    /** DBSIZE inside MULTI or a script after a write: a count of a whole database must not scan it. */
    @Test
    void countsWithPointWritesBufferedAskTheEngineForItsCountNotAScan() {
        try (StorageEngine engine = open()) {
            for (int i = 0; i < 10; i++) {
                engine.put(key(i), StoredValue.of(new byte[] {1}));
            }
            WriteBuffer buffer = new WriteBuffer(new ForwardingEngine(engine) {
                @Override
                public void scan(byte[] from, byte[] to, Visitor visitor) {
                    throw new AssertionError("scanned");
                }
            });
            buffer.put(key(3), StoredValue.of(new byte[] {2})); // overwrites
            buffer.put(key(20), StoredValue.of(new byte[] {2})); // adds
            buffer.delete(key(5));
            buffer.delete(key(30)); // absent
            assertEquals(10, buffer.count(null, null));
            assertEquals(8, buffer.count(key(1), key(10))); // 1 to 9 without 5
            assertEquals(1, buffer.count(key(10), null));
        }
    }

    private static void check(StorageEngine engine, TreeMap<byte[], byte[]> model, Random random) {
        for (int i = 0; i < 96; i++) {
            StoredValue v = engine.get(key(i));
            byte[] expected = model.get(key(i));
            if (expected == null) {
                assertNull(v);
            } else {
                assertArrayEquals(expected, v.value());
            }
        }
        byte[] from = random.nextBoolean() ? null : key(random.nextInt(96));
        byte[] to = random.nextBoolean() ? null : key(random.nextInt(96));
        if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
            return;
        }
        Map<byte[], byte[]> range = from == null
                ? (to == null ? model : model.headMap(to, false))
                : (to == null ? model.tailMap(from, true) : model.subMap(from, true, to, false));
        assertEquals(range.size(), engine.count(from, to));
        List<String> expected = new ArrayList<>();
        range.forEach((k, v) -> expected.add(Arrays.toString(k) + Arrays.toString(v)));
        int limit = random.nextInt(expected.size() + 2);
        assertEquals(expected.subList(0, Math.min(limit, expected.size())), visit(engine, from, to, limit, false));
        List<String> reversed = new ArrayList<>(expected.reversed());
        assertEquals(reversed.subList(0, Math.min(limit, reversed.size())), visit(engine, from, to, limit, true));
    }

    private static List<String> visit(StorageEngine engine, byte[] from, byte[] to, int limit, boolean descending) {
        List<String> seen = new ArrayList<>();
        StorageEngine.Visitor visitor = (k, v) -> {
            if (seen.size() >= limit) {
                return false;
            }
            seen.add(Arrays.toString(k) + Arrays.toString(v.value()));
            return seen.size() < limit;
        };
        if (descending) {
            engine.scanDescending(from, to, visitor);
        } else {
            engine.scan(from, to, visitor);
        }
        return seen;
    }
}

package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records becoming bare (empty and without expiry: a key without a value row) and getting a
 * value again, checked against a sorted map: every way of writing, and scans across pages.
 */
class BareRecordsTest {

    private static final int KEYS = 300;

    @TempDir
    Path dir;

    private StorageEngine engine;
    private final NavigableMap<byte[], StoredValue> model = new TreeMap<>(Arrays::compareUnsigned);
    private final Random random = new Random(7);

    @BeforeEach
    void open() {
        engine = new H2StorageProvider().open(StorageConfig.of(dir, Fsync.NO));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void recordsBecomeBareAndGetValuesAgainThroughEveryWayOfWriting() {
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 50; i++) {
                write();
            }
            check();
        }
    }

    private void write() {
        byte[] key = key(random.nextInt(KEYS));
        switch (random.nextInt(6)) {
            case 0 -> {
                StoredValue value = value();
                engine.put(key, value);
                model.put(key, value);
            }
            case 1 -> {
                StoredValue value = random.nextBoolean() ? null : value();
                engine.compute(key, current -> value);
                if (value == null) {
                    model.remove(key);
                } else {
                    model.put(key, value);
                }
            }
            case 2 -> {
                WriteBatch batch = new WriteBatch();
                for (int i = 0; i < 20; i++) {
                    byte[] k = key(random.nextInt(KEYS));
                    if (random.nextInt(4) == 0) {
                        batch.delete(k);
                        model.remove(k);
                    } else {
                        StoredValue value = value();
                        batch.put(k, value);
                        model.put(k, value);
                    }
                }
                engine.write(batch);
            }
            case 3 -> {
                byte[][] range = range();
                engine.write(new WriteBatch().deleteRange(range[0], range[1]));
                model.subMap(range[0], true, range[1], false).clear();
            }
            case 4 -> {
                byte[][] range = range();
                assertEquals(model.subMap(range[0], true, range[1], false).size(), engine.deleteRange(range[0], range[1]));
                model.subMap(range[0], true, range[1], false).clear();
            }
            default -> {
                engine.delete(key);
                model.remove(key);
            }
        }
    }

    private void check() {
        for (int i = 0; i < KEYS; i += 7) {
            assertEquals(model.get(key(i)), engine.get(key(i)));
        }
        List<byte[]> keys = List.of(key(1), key(2), key(150), key(299));
        assertEquals(keys.stream().map(model::get).toList(), engine.getAll(keys));
        byte[][] range = range();
        NavigableMap<byte[], StoredValue> slice = model.subMap(range[0], true, range[1], false);
        assertEquals(slice.size(), engine.count(range[0], range[1]));
        assertEquals(entries(slice), scan(range[0], range[1], false));
        assertEquals(entries(slice.descendingMap()), scan(range[0], range[1], true));
        assertEquals(entries(model), scan(null, null, false));
        assertEquals(entries(model.descendingMap()), scan(null, null, true));
    }

    /** Mostly bare; else empty with an expiry, or a value with or without one. */
    private StoredValue value() {
        return switch (random.nextInt(4)) {
            case 0, 1 -> StoredValue.of(new byte[0]);
            case 2 -> new StoredValue(random.nextBoolean() ? new byte[0] : new byte[] {1, 2}, 1_000 + random.nextInt(1_000));
            default -> StoredValue.of(new byte[] {(byte) random.nextInt(256)});
        };
    }

    private byte[][] range() {
        int from = random.nextInt(KEYS);
        return new byte[][] {key(from), key(from + random.nextInt(KEYS / 2))};
    }

    /** Keys in their number's order as unsigned bytes, bytes over 0x7f included. */
    private static byte[] key(int n) {
        return new byte[] {(byte) (n >> 8), (byte) n};
    }

    private List<String> scan(byte[] from, byte[] to, boolean descending) {
        List<String> seen = new ArrayList<>();
        StorageEngine.Visitor visitor = (k, v) -> seen.add(entry(k, v));
        if (descending) {
            engine.scanDescending(from, to, visitor);
        } else {
            engine.scan(from, to, visitor);
        }
        return seen;
    }

    private static List<String> entries(Map<byte[], StoredValue> records) {
        return records.entrySet().stream().map(e -> entry(e.getKey(), e.getValue())).toList();
    }

    private static String entry(byte[] key, StoredValue value) {
        return HexFormat.of().formatHex(key) + "=" + HexFormat.of().formatHex(value.value()) + "@" + value.expiresAt();
    }
}

package dev.simpleredis.api.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link WriteBatch#withRangesExpanded}: what a version 1 engine is given instead of range deletes. */
class WriteBatchTest {

    private static final HexFormat HEX = HexFormat.of();

    private final StorageEngine engine = new FaultyEngine(FaultyEngine.Fault.NONE);

    @Test
    void aRangeBecomesDeletesOfTheStoredKeysInItAndOfTheBatchsEarlierPuts() {
        for (String k : List.of("a", "r", "r-1", "s")) {
            engine.put(bytes(k), value(k));
        }
        WriteBatch batch = new WriteBatch()
                .put(bytes("r-0"), value("put before"))
                .delete(bytes("a"))
                .deleteRange(bytes("r"), bytes("s"))
                .put(bytes("r-2"), value("put after"));
        assertEquals(List.of("put r-0", "delete a", "delete r", "delete r-0", "delete r-1", "put r-2"),
                describe(batch.withRangesExpanded(engine)));
    }

    @Test
    void emptyRangesVanish() {
        engine.put(bytes("a"), value("a"));
        WriteBatch batch = new WriteBatch()
                .deleteRange(bytes("b"), bytes("a"))
                .deleteRange(bytes("a"), bytes("a"))
                .deleteRange(bytes("a"), new byte[0])
                .put(bytes("c"), value("c"));
        assertEquals(List.of("put c"), describe(batch.withRangesExpanded(engine)));
    }

    @Test
    void aBatchWithoutRangesIsUnchanged() {
        WriteBatch batch = new WriteBatch().put(bytes("a"), value("1")).delete(bytes("b")).put(bytes("a"), value("2"));
        assertEquals(batch.ops(), batch.withRangesExpanded(engine).ops());
    }

    @Test
    void rangesNeedBothBounds() {
        assertThrows(NullPointerException.class, () -> new WriteBatch().deleteRange(null, bytes("a")));
        assertThrows(NullPointerException.class, () -> new WriteBatch().deleteRange(bytes("a"), null));
    }

    @Test
    void isEmptyComparesUnsigned() {
        assertFalse(new WriteBatch.DeleteRange(new byte[] {0x7F}, new byte[] {(byte) 0x80}).isEmpty());
        assertTrue(new WriteBatch.DeleteRange(new byte[] {(byte) 0x80}, new byte[] {0x7F}).isEmpty());
        assertTrue(new WriteBatch.DeleteRange(new byte[] {0x01}, new byte[0]).isEmpty());
    }

    /** Random stores and batches: the expanded batch leaves what the batch itself leaves. */
    @Test
    void theExpandedBatchHasTheSameEffect() {
        Random random = new Random(1);
        for (int round = 0; round < 300; round++) {
            StorageEngine direct = new FaultyEngine(FaultyEngine.Fault.NONE);
            StorageEngine expanding = new FaultyEngine(FaultyEngine.Fault.NONE);
            for (int i = 0; i < 20; i++) {
                byte[] k = randomKey(random);
                direct.put(k, value("stored"));
                expanding.put(k, value("stored"));
            }
            WriteBatch batch = new WriteBatch();
            for (int i = random.nextInt(10); i > 0; i--) {
                switch (random.nextInt(3)) {
                    case 0 -> batch.put(randomKey(random), value("op " + i));
                    case 1 -> batch.delete(randomKey(random));
                    default -> batch.deleteRange(randomKey(random), randomKey(random));
                }
            }
            WriteBatch expanded = batch.withRangesExpanded(expanding);
            assertTrue(expanded.ops().stream().noneMatch(op -> op instanceof WriteBatch.DeleteRange));
            direct.write(batch);
            expanding.write(expanded);
            assertEquals(contents(direct), contents(expanding), "batch " + describe(batch));
        }
    }

    private static byte[] randomKey(Random random) {
        byte[] k = new byte[random.nextInt(3)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) new int[] {0x00, 0x7F, 0x80, 0xFF}[random.nextInt(4)];
        }
        return k;
    }

    private static List<String> contents(StorageEngine engine) {
        List<String> entries = new ArrayList<>();
        engine.scan(null, null, (k, v) -> entries.add(HEX.formatHex(k) + "=" + new String(v.value(), US_ASCII)));
        return entries;
    }

    private static List<String> describe(WriteBatch batch) {
        return batch.ops().stream().map(op -> switch (op) {
            case WriteBatch.Put put -> "put " + text(put.key());
            case WriteBatch.Delete delete -> "delete " + text(delete.key());
            case WriteBatch.DeleteRange range -> "deleteRange " + text(range.from()) + " " + text(range.to());
        }).toList();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(US_ASCII);
    }

    private static StoredValue value(String text) {
        return StoredValue.of(bytes(text));
    }
}

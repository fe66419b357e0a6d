package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyIdsTest {

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void remembersTheLastIdOfAKeyAndNothingForOthers() {
        KeyIds ids = new KeyIds(64L << 20);
        assertEquals(KeyIds.UNKNOWN, ids.get(key("a")));
        ids.put(key("a"), 7);
        ids.put(key("a"), 9);
        assertEquals(9, ids.get(key("a")));
        assertEquals(KeyIds.UNKNOWN, ids.get(key("b")));
    }

    @Test
    void aKeyChangedByItsOwnerAfterwardsIsNotMistakenForAnother() {
        KeyIds ids = new KeyIds(64L << 20);
        byte[] reused = key("a");
        ids.put(reused, 7);
        reused[0] = 'b';
        assertEquals(7, ids.get(key("a")));
        assertEquals(KeyIds.UNKNOWN, ids.get(key("b")));
    }

    @Test
    void aNewerKeyInTheSameSlotReplacesTheOlder() {
        KeyIds ids = new KeyIds(0); // the fewest slots: 4,096
        assertEquals(4096, ids.capacity());
        for (int i = 0; i < 10_000; i++) {
            ids.put(key("k" + i), i);
        }
        int remembered = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.get(key("k" + i));
            assertTrue(id == KeyIds.UNKNOWN || id == i, "k" + i + " -> " + id);
            remembered += id == i ? 1 : 0;
        }
        assertTrue(remembered <= 4096 && remembered > 2000, remembered + " remembered");
    }

    @Test
    void sizedFromTheHeapWithinBounds() {
        assertEquals(1 << 18, new KeyIds(256L << 20).capacity());
        assertEquals(1 << 20, new KeyIds(64L << 30).capacity());
    }

    @Test
    void onlyAnEmbeddedDatabaseThatNoOtherProcessCanOpenUsesIt() {
        assertTrue(H2StorageEngine.isSoleUser("jdbc:h2:file:retry:/data/simpleredis;DB_CLOSE_ON_EXIT=FALSE"));
        assertTrue(H2StorageEngine.isSoleUser("jdbc:h2:mem:test"));
        assertFalse(H2StorageEngine.isSoleUser("jdbc:h2:tcp://127.0.0.1:9092/shared"));
        assertFalse(H2StorageEngine.isSoleUser("jdbc:h2:ssl://127.0.0.1:9092/shared"));
        assertFalse(H2StorageEngine.isSoleUser("jdbc:h2:file:/data/simpleredis;auto_server = true"));
    }
}

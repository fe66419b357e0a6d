package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    private static StorageConfig with(String value) {
        return new StorageConfig(Path.of("."), Fsync.NO, Map.of("size", value));
    }

    @Test
    void intPropertyTakesItsDefaultAndNumbersInRange() {
        assertEquals(7, StorageConfig.of(Path.of("."), Fsync.NO).intProperty("x", "size", 7, 1, 10));
        assertEquals(1, with("1").intProperty("x", "size", 7, 1, 10));
        assertEquals(10, with(" 10 ").intProperty("x", "size", 7, 1, 10));
    }

    @Test
    void intPropertyNamesThePropertyWhenItIsWrong() {
        for (String bad : new String[] {"0", "11", "ten", "", "1.5", "99999999999"}) {
            StorageException e = assertThrows(StorageException.class, () -> with(bad).intProperty("x", "size", 7, 1, 10));
            assertEquals("simpleredis.x.size: expected a number from 1 to 10, got '" + bad + "'", e.getMessage());
        }
    }
}

package dev.simpleredis.storage.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedoLogTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("db" + RedoLog.SUFFIX);
    }

    @Test
    void recordsReadBackAsWritten() throws IOException {
        try (RedoLog log = RedoLog.open(file())) {
            log.append(1, new WriteBatch()
                    .put(bytes("a"), new StoredValue(bytes("1"), 1_700_000_000_000L))
                    .put(bytes("empty"), StoredValue.of(new byte[0]))
                    .delete(bytes("b"))
                    .deleteRange(bytes("c"), bytes("d")));
            log.appendRange(2, null, null);
            log.appendRange(3, bytes("x"), null);
            log.sync();
        }
        List<RedoLog.Entry> entries = read();
        assertEquals(List.of(1L, 2L, 3L), entries.stream().map(RedoLog.Entry::lsn).toList());
        List<RedoLog.Op> ops = entries.getFirst().ops();
        assertEquals(4, ops.size());
        RedoLog.Put put = assertInstanceOf(RedoLog.Put.class, ops.get(0));
        assertArrayEquals(bytes("a"), put.key());
        assertEquals(new StoredValue(bytes("1"), 1_700_000_000_000L), put.value());
        assertEquals(StoredValue.of(new byte[0]), assertInstanceOf(RedoLog.Put.class, ops.get(1)).value());
        assertArrayEquals(bytes("b"), assertInstanceOf(RedoLog.Delete.class, ops.get(2)).key());
        RedoLog.Range range = assertInstanceOf(RedoLog.Range.class, ops.get(3));
        assertArrayEquals(bytes("c"), range.from());
        assertArrayEquals(bytes("d"), range.to());
        RedoLog.Range all = assertInstanceOf(RedoLog.Range.class, entries.get(1).ops().getFirst());
        assertNull(all.from());
        assertNull(all.to());
        RedoLog.Range tail = assertInstanceOf(RedoLog.Range.class, entries.get(2).ops().getFirst());
        assertArrayEquals(bytes("x"), tail.from());
        assertNull(tail.to());
    }

    /** Cut anywhere, the log gives every record that ends before the cut, and nothing of the torn one. */
    @Test
    void aTornTailIsLeftOut() throws IOException {
        List<Long> ends = new ArrayList<>();
        try (RedoLog log = RedoLog.open(file())) {
            for (int i = 1; i <= 4; i++) {
                log.append(i, new WriteBatch().put(bytes("key-" + i), StoredValue.of(bytes("value-" + i))));
                log.writeOut();
                ends.add(log.size());
            }
        }
        byte[] whole = Files.readAllBytes(file());
        for (int cut = 0; cut <= whole.length; cut++) {
            Files.write(file(), Arrays.copyOf(whole, cut));
            int complete = 0;
            while (complete < ends.size() && ends.get(complete) <= cut) {
                complete++;
            }
            assertEquals(complete, read().size(), "cut at " + cut);
        }
    }

    @Test
    void readingStopsAtARecordThatFailsItsCheck() throws IOException {
        long secondStart;
        try (RedoLog log = RedoLog.open(file())) {
            log.append(1, new WriteBatch().put(bytes("a"), StoredValue.of(bytes("1"))));
            log.writeOut();
            secondStart = log.size();
            log.append(2, new WriteBatch().put(bytes("b"), StoredValue.of(bytes("2"))));
            log.append(3, new WriteBatch().put(bytes("c"), StoredValue.of(bytes("3"))));
            log.sync();
        }
        byte[] bytes = Files.readAllBytes(file());
        bytes[(int) secondStart + 20] ^= 1; // in record 2's body
        Files.write(file(), bytes);
        assertEquals(List.of(1L), read().stream().map(RedoLog.Entry::lsn).toList());
    }

    /**
     * An emptied log whose emptying did not reach the disk can show newer records and then the
     * rest of the older ones: reading stops where the numbers do not go on by one.
     */
    @Test
    void readingStopsWhereTheNumbersBreak() throws IOException {
        try (RedoLog log = RedoLog.open(file())) {
            log.append(7, new WriteBatch().delete(bytes("a")));
            log.append(8, new WriteBatch().delete(bytes("b")));
            log.append(3, new WriteBatch().delete(bytes("c")));
            log.append(4, new WriteBatch().delete(bytes("d")));
            log.sync();
        }
        assertEquals(List.of(7L, 8L), read().stream().map(RedoLog.Entry::lsn).toList());
    }

    @Test
    void clearEmptiesTheLogAndDropsWhatWasNotWrittenOut() throws IOException {
        try (RedoLog log = RedoLog.open(file())) {
            log.append(1, new WriteBatch().delete(bytes("a")));
            log.sync();
            log.append(2, new WriteBatch().delete(bytes("b")));
            log.clear();
            assertEquals(0, Files.size(file()));
            log.append(3, new WriteBatch().delete(bytes("c")));
            log.sync();
        }
        assertEquals(List.of(3L), read().stream().map(RedoLog.Entry::lsn).toList());
    }

    @Test
    void aMissingLogHasNoRecords() throws IOException {
        assertEquals(0, RedoLog.read(dir.resolve("none" + RedoLog.SUFFIX), entry -> {
            throw new AssertionError(entry);
        }));
    }

    private List<RedoLog.Entry> read() throws IOException {
        List<RedoLog.Entry> entries = new ArrayList<>();
        RedoLog.read(file(), entries::add);
        return entries;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.simpleredis.storage.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from the journal, on files as a crash leaves them: copies of the store and journal
 * taken while a volume is open. A power failure may also lose store writes made since the last
 * checkpoint, which forced the store; so the store copy used may be one taken at that checkpoint.
 */
class RedoJournalTest {

    private static final int PAGE = 4096;
    /** A record of one whole changed page: header, entry (page index, offset, length, content), CRC. */
    private static final int ONE_PAGE_RECORD = 36 + 16 + PAGE + 8;

    @TempDir
    Path dir;

    private JournaledVolume open(Path in, long journalLimit) throws IOException {
        JournaledVolume volume = new JournaledVolume(in.resolve("store"), in.resolve("store.journal"), 16, journalLimit);
        if (volume.creating()) {
            volume.endCreation();
        }
        return volume;
    }

    /** Commits each page index filled with its byte. */
    private static void commit(JournaledVolume volume, Map<Long, Byte> model, long... pagesAndValues) throws IOException {
        for (int i = 0; i < pagesAndValues.length; i += 2) {
            byte[] content = new byte[PAGE];
            Arrays.fill(content, (byte) pagesAndValues[i + 1]);
            volume.putData(pagesAndValues[i] * PAGE, content, 0, PAGE);
            model.put(pagesAndValues[i], (byte) pagesAndValues[i + 1]);
        }
        JournaledVolumeCacheTest.commit(volume);
    }

    private Path copy(String name, boolean store, boolean journal) throws IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        if (store) {
            Files.copy(dir.resolve("store"), to.resolve("store"));
        }
        if (journal) {
            Files.copy(dir.resolve("store.journal"), to.resolve("store.journal"));
        }
        return to;
    }

    private void assertRecovered(Path in, Map<Long, Byte> expected) throws IOException {
        try (JournaledVolume volume = open(in, 1 << 20)) {
            for (Map.Entry<Long, Byte> page : expected.entrySet()) {
                byte[] content = new byte[PAGE];
                volume.getData(page.getKey() * PAGE, content, 0, PAGE);
                byte[] want = new byte[PAGE];
                Arrays.fill(want, page.getValue());
                assertArrayEquals(want, content, "page " + page.getKey() + " in " + in.getFileName());
            }
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            channel.write(one, at);
        }
    }

    /**
     * Five commits of one page each over a store as it was before them (its writes since then
     * lost): a journal whose record k is torn gives back exactly the commits before it.
     */
    @Test
    void replaysEveryCompleteRecordUpToATornOne() throws IOException {
        Map<Long, Byte> model = new HashMap<>();
        Map<Long, Byte>[] after = new Map[6];
        try (JournaledVolume volume = open(dir, 1 << 20)) {
            commit(volume, model, 0, 1, 1, 1, 2, 1);
            copy("base", true, false);
            after[0] = new HashMap<>(model);
            for (int k = 1; k <= 5; k++) {
                commit(volume, model, k % 3, 10 + k); // pages 1, 2, 0, 1, 2 in turn
                after[k] = new HashMap<>(model);
            }
            copy("journal", false, true);
        }
        // the first record (three pages) is the store's creation; then one page per record
        long firstRecord = 36 + 3 * (16 + PAGE) + 8;
        for (int torn = 0; torn <= 5; torn++) {
            Path crash = copy("crash" + torn, false, false);
            Files.copy(dir.resolve("base/store"), crash.resolve("store"));
            Files.copy(dir.resolve("journal/store.journal"), crash.resolve("store.journal"));
            if (torn < 5) {
                flipByte(crash.resolve("store.journal"), firstRecord + (long) torn * ONE_PAGE_RECORD + 2000);
            }
            assertRecovered(crash, after[torn]);
        }
        // the whole journal, torn nowhere, over the store as the commits left it: the same
        assertRecovered(copy("whole", true, true), after[5]);
    }

    /**
     * With room for two records, commits 3, 5 and 7 start a new cycle at the journal's start.
     * After commit 7 the journal holds it, then commit 6 of the cycle before, intact and second
     * in its cycle as the next record would be: not to be replayed, as it would put back page 0
     * as commit 6 left it.
     */
    @Test
    void aCheckpointStartsTheJournalOverAndTheOldCycleIsNotReplayed() throws IOException {
        Map<Long, Byte> model = new HashMap<>();
        Map<Long, Byte> atCheckpoint;
        long limit = 2 * ONE_PAGE_RECORD + 100;
        try (JournaledVolume volume = open(dir, limit)) {
            for (int c = 1; c <= 6; c++) {
                commit(volume, model, 0, c);
            }
            copy("checkpoint", true, false); // the store as commit 7's checkpoint forces it
            atCheckpoint = new HashMap<>(model);
            commit(volume, model, 0, 7);
            copy("journal", false, true);
        }
        Path crash = copy("crash", false, false);
        Files.copy(dir.resolve("checkpoint/store"), crash.resolve("store"));
        Files.copy(dir.resolve("journal/store.journal"), crash.resolve("store.journal"));
        Path torn = copy("torn", false, false);
        Files.copy(crash.resolve("store"), torn.resolve("store"));
        Files.copy(crash.resolve("store.journal"), torn.resolve("store.journal"));
        flipByte(torn.resolve("store.journal"), 40);

        assertRecovered(crash, model);
        assertRecovered(torn, atCheckpoint);
    }

    @Test
    void aJournalOfTheEarlierFormatIsReplayedAndATornOneIgnored() throws IOException {
        Map<Long, Byte> model = new HashMap<>();
        Path[] crashes = withJournal(model, earlierFormat(Map.of(1L, (byte) 2, 3L, (byte) 3)), 16 + 8 + 100);
        Path whole = crashes[0];

        assertRecovered(crashes[1], model);
        model.put(1L, (byte) 2);
        model.put(3L, (byte) 3);
        assertRecovered(whole, model);
        assertRecovered(whole, model); // and it is marked replayed: opening again changes nothing
        assertEquals(0, ByteBuffer.wrap(Files.readAllBytes(whole.resolve("store.journal"))).getLong());
    }

    /**
     * A store whose pages 0 and 1 hold 1 (as {@code model} then says), copied twice: with
     * {@code journal}, and with it torn at {@code tornAt}.
     */
    private Path[] withJournal(Map<Long, Byte> model, byte[] journal, long tornAt) throws IOException {
        try (JournaledVolume volume = open(dir, 1 << 20)) {
            commit(volume, model, 0, 1, 1, 1);
        }
        Path whole = copy("whole", true, false);
        Files.write(whole.resolve("store.journal"), journal);
        Path torn = copy("torn", true, false);
        Files.copy(whole.resolve("store.journal"), torn.resolve("store.journal"));
        flipByte(torn.resolve("store.journal"), tornAt);
        return new Path[] {whole, torn};
    }

    /** The earlier format: magic "SRJOURN1", page count, page size, (index, page)*, CRC32C of all before it. */
    private static byte[] earlierFormat(Map<Long, Byte> pages) {
        ByteBuffer bytes = ByteBuffer.allocate(16 + pages.size() * (8 + PAGE) + 8);
        bytes.putLong(0x5352_4a4f_5552_4e31L).putInt(pages.size()).putInt(PAGE);
        for (Map.Entry<Long, Byte> page : pages.entrySet()) {
            byte[] content = new byte[PAGE];
            Arrays.fill(content, page.getValue());
            bytes.putLong(page.getKey()).put(content);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, bytes.position());
        bytes.putLong(crc.getValue());
        return bytes.array();
    }

    /**
     * Commits of a few bytes each, scattered over four pages: each record holds about the bytes
     * changed, not whole pages; and the journal recovers them over every state the store can be
     * in after a crash: as the checkpoint that began the cycle left it (here: not there yet, as
     * the cycle began with the store's creation), with a torn record anywhere, or with some or
     * all of the writes since made.
     */
    @Test
    void smallChangesAreJournalledAsTheirBytesAndRecoveredOverEveryStateOfTheStore() throws IOException {
        Random random = new Random(11);
        int commits = 20;
        byte[] image = new byte[4 * PAGE];
        List<byte[]> after = new ArrayList<>();
        List<Path> stores = new ArrayList<>();
        long written = 0;
        try (JournaledVolume volume = open(dir, 1 << 20)) {
            for (int c = 0; c < commits; c++) {
                for (int w = random.nextInt(4); w >= 0; w--) {
                    byte[] bytes = new byte[1 + random.nextInt(40)];
                    random.nextBytes(bytes);
                    int at = random.nextInt(image.length - bytes.length);
                    volume.putData(at, bytes, 0, bytes.length);
                    System.arraycopy(bytes, 0, image, at, bytes.length);
                    written += bytes.length;
                }
                JournaledVolumeCacheTest.commit(volume);
                after.add(image.clone());
                if (c % 5 == 2) {
                    stores.add(copy("store" + c, true, false));
                }
            }
            stores.add(copy("end", true, false));
            copy("journal", false, true);
        }
        Path journal = dir.resolve("journal/store.journal");
        long[] starts = new long[commits + 1];
        for (int c = 0; c < commits; c++) {
            starts[c + 1] = starts[c] + 36 + (fileInt(journal, starts[c] + 32)) + 8;
        }
        assertTrue(starts[commits] < written + commits * (36 + 8 + 3 * 16L),
                starts[commits] + " journal bytes for " + written + " bytes written in " + commits + " commits");
        for (int torn = 0; torn <= commits; torn++) {
            Path crash = copy("crash" + torn, false, false);
            Files.copy(journal, crash.resolve("store.journal"));
            if (torn < commits) {
                flipByte(crash.resolve("store.journal"), starts[torn] + 36 + 2); // in its first entry's page index
            }
            assertImage(crash, torn == 0 ? new byte[image.length] : after.get(torn - 1));
        }
        for (Path store : stores) {
            Files.copy(journal, store.resolve("store.journal"));
            assertImage(store, image);
        }
    }

    private void assertImage(Path in, byte[] expected) throws IOException {
        try (JournaledVolume volume = open(in, 1 << 20)) {
            byte[] content = new byte[expected.length];
            volume.getData(0, content, 0, content.length);
            assertArrayEquals(expected, content, in.getFileName().toString());
        }
    }

    private static int fileInt(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES);
            channel.read(bytes, at);
            return bytes.flip().getInt();
        }
    }

    /** A journal of whole pages (magic "SRJOURN2", before records held only the bytes that changed). */
    @Test
    void aJournalOfWholePagesIsReplayedUpToATornRecord() throws IOException {
        Map<Long, Byte> model = new HashMap<>();
        Path[] crashes = withJournal(model, wholePageFormat(List.of(Map.of(1L, (byte) 2), Map.of(1L, (byte) 3, 4L, (byte) 4))),
                (32 + 8 + PAGE + 8) + 32 + 8 + 100); // in the second record

        Map<Long, Byte> first = new HashMap<>(model);
        first.put(1L, (byte) 2);
        assertRecovered(crashes[1], first);
        model.put(1L, (byte) 3);
        model.put(4L, (byte) 4);
        assertRecovered(crashes[0], model);
    }

    /** Records of magic "SRJOURN2": magic, cycle, sequence, page count, page size, (index, page)*, CRC32C. */
    private static byte[] wholePageFormat(List<Map<Long, Byte>> records) {
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        long sequence = 0;
        for (Map<Long, Byte> pages : records) {
            int start = bytes.position();
            bytes.putLong(0x5352_4a4f_5552_4e32L).putLong(42).putLong(sequence++).putInt(pages.size()).putInt(PAGE);
            for (Map.Entry<Long, Byte> page : new TreeMap<>(pages).entrySet()) {
                byte[] content = new byte[PAGE];
                Arrays.fill(content, page.getValue());
                bytes.putLong(page.getKey()).put(content);
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.array(), start, bytes.position() - start);
            bytes.putLong(crc.getValue());
        }
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    @Test
    void closingCheckpointsSoThatTheNextOpenReplaysNothing() throws IOException {
        Map<Long, Byte> model = new HashMap<>();
        try (JournaledVolume volume = open(dir, 1 << 20)) {
            commit(volume, model, 0, 1);
            commit(volume, model, 5, 2);
        }
        assertEquals(0, ByteBuffer.wrap(Files.readAllBytes(dir.resolve("store.journal"))).getLong());
        assertRecovered(dir, model);
    }

    /** Recovery waits for the lock: a second opener must not replay a journal that is in use. */
    @Test
    void aVolumeInUseIsNotRecoveredByASecondOpener() throws IOException {
        Map<Long, Byte> model = new HashMap<>();
        try (JournaledVolume volume = open(dir, 1 << 20)) {
            commit(volume, model, 0, 1);
            commit(volume, model, 0, 2);
            byte[] journal = Files.readAllBytes(dir.resolve("store.journal"));
            assertThrows(RuntimeException.class, () -> open(dir, 1 << 20).close());
            assertArrayEquals(journal, Files.readAllBytes(dir.resolve("store.journal")));
            commit(volume, model, 0, 3);
        }
        assertRecovered(dir, model);
    }
}

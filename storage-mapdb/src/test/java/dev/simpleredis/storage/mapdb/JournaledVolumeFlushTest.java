package dev.simpleredis.storage.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits in two steps: {@link JournaledVolume#sync()} seals them in memory, {@link
 * JournaledVolume#flush()} journals every sealed one as one record and writes the file. Crashes
 * are copies of the files taken while the volume is open.
 */
class JournaledVolumeFlushTest {

    private static final int PAGE = 4096;
    /** A journal record's header: magic, cycle, sequence, entry count, page size, entries' length. */
    private static final int HEADER = 36;

    @TempDir
    Path dir;

    private JournaledVolume open(Path in, int cachePages) throws IOException {
        JournaledVolume volume = new JournaledVolume(in.resolve("store"), in.resolve("store.journal"), cachePages, 1 << 20);
        if (volume.creating()) {
            volume.endCreation();
        }
        return volume;
    }

    private Path crashCopy(String name) throws IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        Files.copy(dir.resolve("store"), to.resolve("store"));
        Files.copy(dir.resolve("store.journal"), to.resolve("store.journal"));
        return to;
    }

    private static long fileLong(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES);
            channel.read(bytes, at);
            return bytes.flip().remaining() == Long.BYTES ? bytes.getLong() : 0;
        }
    }

    @Test
    void sealedCommitsAreReadBeforeTheyAreFlushedAndReachTheFileOnlyThen() throws IOException {
        try (JournaledVolume volume = open(dir, 16)) {
            volume.putLong(8, 1);
            JournaledVolumeCacheTest.commit(volume);
            volume.putLong(8, 2);
            volume.putLong(3L * PAGE, 3);
            volume.sync();
            assertEquals(2, volume.getLong(8));
            assertEquals(3, volume.getLong(3L * PAGE));
            byte[] span = new byte[16];
            volume.getData(3L * PAGE - 8, span, 0, 16);
            assertEquals(3, ByteBuffer.wrap(span).getLong(8));
            assertEquals(1, fileLong(dir.resolve("store"), 8), "a sealed commit does no I/O");
            volume.flush();
            assertEquals(2, fileLong(dir.resolve("store"), 8));
            assertEquals(3, fileLong(dir.resolve("store"), 3L * PAGE));
            assertEquals(2, volume.getLong(8));
            assertEquals(3, volume.getLong(3L * PAGE));
        }
    }

    /**
     * A page written again after its commit was sealed starts from the sealed content and reads
     * as its newest; three commits of it, sealed one after another, go to the journal as one
     * record, with the page once, as the last commit left it: the bytes that changed.
     */
    @Test
    void aPageDirtiedAgainAfterSealingReadsNewestAndSeveralSealsFlushAsOneRecord() throws IOException {
        try (JournaledVolume volume = open(dir, 16)) {
            volume.putLong(8, 1);
            volume.sync();
            volume.putLong(16, 2); // the same page, dirty again: its other bytes from the sealed set
            assertEquals(1, volume.getLong(8));
            assertEquals(2, volume.getLong(16));
            volume.sync();
            volume.putLong(8, 4);
            volume.putLong(PAGE + 8, 5);
            assertEquals(4, volume.getLong(8));
            volume.sync();
            volume.putLong(24, 6); // dirty during the flush below, not part of it
            volume.flush();
            assertEquals(4, volume.getLong(8));
            assertEquals(2, volume.getLong(16));
            assertEquals(6, volume.getLong(24));
            assertEquals(5, volume.getLong(PAGE + 8));

            Path journal = dir.resolve("store.journal");
            assertEquals(0x5352_4a4f_5552_4e33L, fileLong(journal, 0));
            assertEquals(0, fileLong(journal, 16), "the first record of the cycle");
            assertEquals(2L << 32 | PAGE, fileLong(journal, 24), "an entry for page 0, one for page 1");
            // page 0 as the last commit left it, only its bytes that changed: 15 (the 4) to 23 (the 2)
            assertEquals((16 + 9) + (16 + 1), fileLong(journal, 32) >>> 32, "the entries' length");
            assertEquals(0, fileLong(journal, HEADER), "page 0");
            assertEquals(15L << 32 | 9, fileLong(journal, HEADER + 8), "from byte 15, 9 bytes");
            assertEquals(4L << 56, fileLong(journal, HEADER + 16));
            assertEquals(2, fileLong(journal, HEADER + 16 + 1));
            assertEquals(1, fileLong(journal, HEADER + 25), "page 1");
            assertEquals(15L << 32 | 1, fileLong(journal, HEADER + 25 + 8));
            assertEquals(5, fileLong(journal, HEADER + 25 + 16) >>> 56);
            assertEquals(0, fileLong(journal, HEADER + 42 + 8), "and no second record");

            Path crash = crashCopy("crash");
            try (JournaledVolume recovered = open(crash, 16)) {
                assertEquals(4, recovered.getLong(8));
                assertEquals(2, recovered.getLong(16));
                assertEquals(0, recovered.getLong(24), "never committed");
                assertEquals(5, recovered.getLong(PAGE + 8));
            }
            volume.sync();
        }
        try (JournaledVolume volume = open(dir, 16)) {
            assertEquals(6, volume.getLong(24), "close flushes the sealed commit");
        }
    }

    /** A crash between seal and flush: nothing of the sealed commit is anywhere, the store is at the flush before. */
    @Test
    void aCrashBetweenSealAndFlushRecoversThePreviousFlush() throws IOException {
        try (JournaledVolume volume = open(dir, 16)) {
            volume.putLong(8, 1);
            volume.putLong(PAGE, 1);
            JournaledVolumeCacheTest.commit(volume);
            volume.putLong(8, 2);
            volume.putLong(2L * PAGE, 2);
            volume.sync();
            Path crash = crashCopy("crash");
            try (JournaledVolume recovered = open(crash, 16)) {
                assertEquals(1, recovered.getLong(8));
                assertEquals(1, recovered.getLong(PAGE));
                assertEquals(0, recovered.getLong(2L * PAGE));
            }
        }
    }

    /**
     * Several sealed commits flushed as one record are recovered together over the store as the
     * flush before left it, and a torn record loses them together.
     */
    @Test
    void sealedCommitsFlushedAsOneRecordAreRecoveredAllOrNothing() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        try (JournaledVolume volume = open(dir, 16)) {
            volume.putLong(8, 1);
            volume.putLong(PAGE + 8, 1);
            JournaledVolumeCacheTest.commit(volume);
            Files.copy(dir.resolve("store"), base.resolve("store"));
            volume.putLong(8, 2);
            volume.sync();
            volume.putLong(PAGE + 8, 3);
            volume.putLong(5L * PAGE, 3);
            volume.sync();
            volume.putLong(8, 4);
            volume.sync();
            volume.flush();
            Files.copy(dir.resolve("store.journal"), base.resolve("store.journal"));
        }
        Path whole = copyOf(base, "whole");
        try (JournaledVolume volume = open(whole, 16)) {
            assertEquals(4, volume.getLong(8));
            assertEquals(3, volume.getLong(PAGE + 8));
            assertEquals(3, volume.getLong(5L * PAGE));
        }
        Path torn = copyOf(base, "torn");
        long secondRecord = HEADER + (fileLong(torn.resolve("store.journal"), 32) >>> 32) + 8;
        try (FileChannel journal = FileChannel.open(torn.resolve("store.journal"), StandardOpenOption.WRITE)) {
            journal.write(ByteBuffer.wrap(new byte[] {0x5a}), secondRecord + HEADER + 10); // in its first entry
        }
        try (JournaledVolume volume = open(torn, 16)) {
            assertEquals(1, volume.getLong(8));
            assertEquals(1, volume.getLong(PAGE + 8));
            assertEquals(0, volume.getLong(5L * PAGE));
        }
    }

    private Path copyOf(Path from, String name) throws IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        Files.copy(from.resolve("store"), to.resolve("store"));
        Files.copy(from.resolve("store.journal"), to.resolve("store.journal"));
        return to;
    }

    /**
     * A flush that cannot write the journal (an interrupt closes its channel, and the journal's
     * path is a directory when it reopens) throws, keeps the sealed commits readable and out of
     * the cache and file, and the next flush writes them. The pages are cached, so that the
     * flush's first I/O, which the interrupt closes, is the journal's.
     */
    @Test
    void aFailedFlushKeepsItsCommitsAndTheNextFlushWritesThem() throws IOException {
        Path journal = dir.resolve("store.journal");
        Path aside = dir.resolve("journal.aside");
        try (JournaledVolume volume = open(dir, 16)) {
            volume.putLong(8, 1);
            JournaledVolumeCacheTest.commit(volume);
            volume.putLong(8, 2);
            volume.putLong(PAGE + 8, 2);
            volume.sync();
            Files.move(journal, aside);
            Files.createDirectory(journal);
            Thread.currentThread().interrupt();
            assertThrows(IOException.class, volume::flush);
            assertFalse(Thread.interrupted(), "the interrupt is consumed");
            assertEquals(2, volume.getLong(8));
            assertEquals(2, volume.getLong(PAGE + 8));
            assertEquals(1, fileLong(dir.resolve("store"), 8), "nothing reached the file");
            volume.putLong(PAGE + 16, 3);
            volume.sync();
            Files.delete(journal);
            Files.move(aside, journal);
            volume.flush();
            assertEquals(2, fileLong(dir.resolve("store"), 8));
            assertEquals(3, fileLong(dir.resolve("store"), PAGE + 16));
            Path crash = crashCopy("crash");
            try (JournaledVolume recovered = open(crash, 1)) {
                assertEquals(2, recovered.getLong(8));
                assertEquals(2, recovered.getLong(PAGE + 8));
                assertEquals(3, recovered.getLong(PAGE + 16));
            }
        }
        try (JournaledVolume volume = open(dir, 1)) {
            assertEquals(2, volume.getLong(8));
            assertEquals(3, volume.getLong(PAGE + 16));
        }
    }

    /**
     * Flushes overlapping reads and later writes: with a cache of half the pages (so reads go to
     * the file too), every page's counter, read over and over, never goes down, and ends at its
     * last value.
     */
    @Test
    void readsDuringFlushesNeverGoBack() throws Exception {
        int pages = 8;
        long until = System.nanoTime() + 1_000_000_000L; // some hundred flushes, each with its fsync
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int rounds = 0;
        try (JournaledVolume volume = open(dir, pages / 2)) {
            Thread flusher = Thread.ofPlatform().start(() -> {
                try {
                    while (writing.get()) {
                        volume.flush();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            Thread reader = Thread.ofPlatform().start(() -> {
                long[] seen = new long[pages];
                while (writing.get() && failure.get() == null) {
                    for (int p = 0; p < pages; p++) {
                        long value = volume.getLong((long) p * PAGE + 8);
                        if (value < seen[p]) {
                            failure.compareAndSet(null, new AssertionError("page " + p + " went back from " + seen[p] + " to " + value));
                        }
                        seen[p] = value;
                    }
                }
            });
            while (System.nanoTime() < until && failure.get() == null) {
                rounds++;
                for (int p = 0; p < pages; p++) {
                    if ((rounds + p) % 3 != 0) {
                        volume.putLong((long) p * PAGE + 8, rounds);
                    }
                }
                volume.sync();
                Thread.yield();
            }
            writing.set(false);
            flusher.join();
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            volume.flush();
            for (int p = 0; p < pages; p++) {
                assertEquals(lastWritten(rounds, p), volume.getLong((long) p * PAGE + 8));
            }
        }
        try (JournaledVolume volume = open(dir, 1)) {
            byte[] all = new byte[pages * PAGE];
            volume.getData(0, all, 0, all.length);
            for (int p = 0; p < pages; p++) {
                assertEquals(lastWritten(rounds, p), ByteBuffer.wrap(all).getLong(p * PAGE + 8));
            }
        }
    }

    private static long lastWritten(int rounds, int page) {
        for (int i = rounds; ; i--) {
            if ((i + page) % 3 != 0) {
                return i;
            }
        }
    }
}

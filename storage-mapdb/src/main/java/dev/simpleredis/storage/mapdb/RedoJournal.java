package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.ReopeningChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The redo journal of a {@link JournaledVolume}: one record per commit, appended and forced, so
 * that a commit costs one force; the store file is forced only at a checkpoint.
 *
 * <p>A record: magic, cycle, sequence number, page count, page size, then each page's index and
 * content, then a CRC32C of all that. A cycle is the run of records since a checkpoint: it starts
 * at offset 0 with a fresh random cycle number and sequence 0, and each record follows the one
 * before. The file is overwritten in place and not truncated, and it grows in whole chunks of
 * zeros, so forcing it is mostly an fdatasync that changes no size.
 *
 * <p>Why recovery is right: every page written to the store since the last checkpoint (which
 * forced the store) went there after a record holding it was forced, in this cycle. Replaying
 * the cycle's complete records in order therefore gives each such page its last committed
 * content, and no other page changed. The first record that is torn, or of another cycle, or out
 * of sequence ends the cycle: a record is appended only once the one before it is forced, and
 * what lies beyond (an older cycle's records, zeros) cannot pass the cycle and sequence check
 * and its CRC together. Replaying twice is the same as once, so a crash during recovery is fine.
 *
 * <p>A journal in the earlier format (one commit, magic {@code SRJOURN1}) is replayed as before.
 */
final class RedoJournal {

    static final int PAGE = 4096;
    private static final long MAGIC_V1 = 0x5352_4a4f_5552_4e31L; // "SRJOURN1"
    private static final long MAGIC = 0x5352_4a4f_5552_4e32L; // "SRJOURN2"
    private static final int HEADER_V1 = Long.BYTES + Integer.BYTES + Integer.BYTES;
    private static final int HEADER = 3 * Long.BYTES + 2 * Integer.BYTES;
    private static final int ENTRY = Long.BYTES + PAGE;
    private static final int CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(CHUNK).asReadOnlyBuffer();

    private final ReopeningChannel channel;
    private final long limit;
    private long cycle;
    private long sequence;
    /** Where the next record goes. */
    private long end;
    /** The file's size: beyond it the file grows a chunk at a time. */
    private long allocated;

    /** A journal that starts a new cycle; {@code limit}: the size past which {@link #full} asks for a checkpoint. */
    RedoJournal(ReopeningChannel channel, long limit) throws IOException {
        this.channel = channel;
        this.limit = limit;
        this.allocated = channel.run(FileChannel::size);
        restart();
    }

    /** Whether a record of {@code pages} pages would take this cycle past the limit: checkpoint first. */
    boolean full(int pages) {
        return end > 0 && end + length(pages) > limit;
    }

    /** Starts a new cycle at the journal's start; only once the store file holds every record forced. */
    void restart() {
        cycle = ThreadLocalRandom.current().nextLong();
        sequence = 0;
        end = 0;
    }

    /** Appends a record of {@code pages} (index to content) and forces it: the commit is durable on return. */
    void append(SortedMap<Long, byte[]> pages) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(length(pages.size())));
        record.putLong(MAGIC).putLong(cycle).putLong(sequence).putInt(pages.size()).putInt(PAGE);
        for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
            record.putLong(page.getKey()).put(page.getValue());
        }
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.position());
        record.putLong(crc.getValue()).flip();
        long at = end;
        long recordEnd = at + record.remaining();
        long grown = Math.max(allocated, (recordEnd + CHUNK - 1) / CHUNK * CHUNK);
        channel.run(journal -> {
            writeFully(journal, record.duplicate(), at);
            for (long zeros = Math.max(allocated, recordEnd); zeros < grown; zeros += CHUNK) {
                writeFully(journal, ZEROS.duplicate().limit((int) Math.min(CHUNK, grown - zeros)), zeros);
            }
            journal.force(false);
            return null;
        });
        allocated = grown;
        end = recordEnd;
        sequence++;
    }

    /** Marks the journal empty, not forced: it may come back, and replaying it changes nothing. */
    void invalidate() throws IOException {
        channel.run(journal -> {
            writeFully(journal, ByteBuffer.allocate(Long.BYTES), 0);
            return null;
        });
    }

    private static long length(int pages) {
        return HEADER + (long) pages * ENTRY + Long.BYTES;
    }

    // ---- recovery ------------------------------------------------------------------------------

    /**
     * Writes the commits the journal holds into the store, forces it and marks the journal empty;
     * returns whether there were any. Runs before MapDB reads the store.
     */
    static boolean recover(FileChannel store, FileChannel journal) throws IOException {
        if (journal.size() < Long.BYTES) {
            return false;
        }
        ByteBuffer magic = ByteBuffer.allocate(Long.BYTES);
        readFully(journal, magic, 0);
        long found = magic.flip().getLong();
        boolean replayed = found == MAGIC ? replay(store, journal) : found == MAGIC_V1 && replayV1(store, journal);
        if (replayed) {
            store.force(false);
            writeFully(journal, ByteBuffer.allocate(Long.BYTES), 0);
            journal.force(false);
        }
        return replayed;
    }

    private static boolean replay(FileChannel store, FileChannel journal) throws IOException {
        long at = 0;
        long cycle = 0;
        for (long sequence = 0; ; sequence++) {
            ByteBuffer record = record(journal, at, sequence);
            if (record == null) {
                return sequence > 0;
            }
            if (sequence == 0) {
                cycle = record.getLong(Long.BYTES);
            } else if (record.getLong(Long.BYTES) != cycle) {
                return true;
            }
            int pages = record.getInt(3 * Long.BYTES);
            for (int i = 0; i < pages; i++) {
                int entry = HEADER + i * ENTRY;
                long index = record.getLong(entry);
                writeFully(store, record.duplicate().position(entry + Long.BYTES).limit(entry + ENTRY), index * PAGE);
            }
            at += record.capacity();
        }
    }

    /** The whole record at {@code at} if it is intact and has this sequence number, else {@code null}. */
    private static ByteBuffer record(FileChannel journal, long at, long sequence) throws IOException {
        long size = journal.size();
        if (at + HEADER + Long.BYTES > size) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(journal, header, at);
        header.flip();
        if (header.getLong() != MAGIC) {
            return null;
        }
        header.getLong(); // the cycle: checked by the caller
        long seq = header.getLong();
        int pages = header.getInt();
        if (seq != sequence || header.getInt() != PAGE || pages <= 0 || at + length(pages) > size
                || length(pages) > Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(length(pages)));
        readFully(journal, record, at);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.capacity() - Long.BYTES);
        return record.getLong(record.capacity() - Long.BYTES) == crc.getValue() ? record : null;
    }

    /** The earlier format: one commit, whole if its checksum matches. */
    private static boolean replayV1(FileChannel store, FileChannel journal) throws IOException {
        int pages = completePagesV1(journal);
        ByteBuffer entry = ByteBuffer.allocate(ENTRY);
        for (int i = 0; i < pages; i++) {
            readFully(journal, entry.clear(), HEADER_V1 + (long) i * ENTRY);
            long index = entry.flip().getLong();
            writeFully(store, entry, index * PAGE);
        }
        return pages > 0;
    }

    /** The number of pages in a complete, intact journal of the earlier format; 0 for a torn one. */
    private static int completePagesV1(FileChannel journal) throws IOException {
        long size = journal.size();
        if (size < HEADER_V1 + Long.BYTES) {
            return 0;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_V1);
        readFully(journal, header, 0);
        header.flip().getLong(); // the magic, checked by the caller
        int pages = header.getInt();
        long end = HEADER_V1 + (long) pages * ENTRY;
        if (header.getInt() != PAGE || pages <= 0 || size < end + Long.BYTES) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(ENTRY);
        crc.update(header.flip());
        for (int i = 0; i < pages; i++) {
            readFully(journal, chunk.clear(), HEADER_V1 + (long) i * ENTRY);
            crc.update(chunk.flip());
        }
        ByteBuffer stored = ByteBuffer.allocate(Long.BYTES);
        readFully(journal, stored, end);
        return stored.flip().getLong() == crc.getValue() ? pages : 0;
    }

    /** Fills {@code buffer} from the file at {@code position}; resumable, as the position follows the buffer's. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position() - start) < 0) {
                throw new IOException("unexpected end of " + channel);
            }
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position() - start);
        }
    }
}

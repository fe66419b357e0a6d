package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.ReopeningChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import java.util.zip.CRC32C;

/**
 * The redo journal of a {@link JournaledVolume}: one record per commit, appended and forced, so
 * that a commit costs one force; the store file is forced only at a checkpoint.
 *
 * <p>A record: magic, cycle, sequence number, entry count, page size, the entries' length in
 * bytes, the entries, then a CRC32C of all that. An entry is a run of bytes a commit changed in
 * one page: page index, offset in the page, length, the bytes. A commit that changes a few bytes
 * of a page (an index slot, a B-tree node's record) journals those bytes rather than the page,
 * which makes each force a few hundred bytes rather than tens of KB. A cycle is the run of
 * records since a checkpoint: it starts at offset 0 with a fresh random cycle number and
 * sequence 0, and each record follows the one before. The file is overwritten in place and not
 * truncated, and it grows in whole chunks of zeros, so forcing it is mostly an fdatasync that
 * changes no size.
 *
 * <p>Why recovery is right: the checkpoint that began the cycle forced the store. Since then,
 * each flush journalled, before writing a page to the store, every byte in which the page
 * differs from what the flush before left there. So a byte in no entry of the cycle has had one
 * value in every version of its page since the checkpoint, whichever of them (or a torn mix) the
 * store holds after a crash; and writing the cycle's complete entries in order gives every other
 * byte its last committed value. The first record that is torn, or of another cycle, or out of
 * sequence ends the cycle: a record is appended only once the one before it is forced, and what
 * lies beyond (an older cycle's records, zeros) cannot pass the cycle and sequence check and its
 * CRC together. Replaying twice is the same as once, so a crash during recovery is fine.
 *
 * <p>Journals in the earlier formats are still replayed: whole pages per record (magic
 * {@code SRJOURN2}), and one commit of whole pages ({@code SRJOURN1}).
 */
final class RedoJournal {

    static final int PAGE = 4096;
    private static final long MAGIC_V1 = 0x5352_4a4f_5552_4e31L; // "SRJOURN1"
    private static final long MAGIC_V2 = 0x5352_4a4f_5552_4e32L; // "SRJOURN2"
    private static final long MAGIC = 0x5352_4a4f_5552_4e33L; // "SRJOURN3"
    private static final int HEADER_V1 = Long.BYTES + Integer.BYTES + Integer.BYTES;
    private static final int HEADER_V2 = 3 * Long.BYTES + 2 * Integer.BYTES;
    private static final int ENTRY_V2 = Long.BYTES + PAGE;
    private static final int HEADER = HEADER_V2 + Integer.BYTES;
    /** An entry's own bytes: page index, offset, length. */
    private static final int ENTRY_HEADER = Long.BYTES + 2 * Integer.BYTES;
    /**
     * Changed runs closer than this are one entry: a second entry would cost as much as the
     * unchanged bytes between them. So a page's entries never take more than one whole-page entry.
     */
    private static final int MIN_GAP = ENTRY_HEADER;
    private static final int CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(CHUNK).asReadOnlyBuffer();
    private static final int KEPT_BUFFER = 4 << 20;

    private final ReopeningChannel channel;
    private final long limit;
    private long cycle;
    private long sequence;
    /** Where the next record goes. */
    private long end;
    /** The file's size: beyond it the file grows a chunk at a time. */
    private long allocated;
    /** Where records are put together; see {@link #recordBuffer}. */
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    /** A journal that starts a new cycle; {@code limit}: the size past which {@link #full} asks for a checkpoint. */
    RedoJournal(ReopeningChannel channel, long limit) throws IOException {
        this.channel = channel;
        this.limit = limit;
        this.allocated = channel.run(FileChannel::size);
        restart();
    }

    /** Whether a record of {@code pages} changed pages could take this cycle past the limit: checkpoint first. */
    boolean full(int pages) {
        return end > 0 && end + maxLength(pages) > limit;
    }

    /** Starts a new cycle at the journal's start; only once the store file holds every record forced. */
    void restart() {
        cycle = ThreadLocalRandom.current().nextLong();
        sequence = 0;
        end = 0;
    }

    /**
     * Appends a record of what {@code pages} (index to new content) change against
     * {@code previous} (index to the content the store has from the flush before) and forces it:
     * the commit is durable on return. Appends nothing when they change nothing.
     */
    void append(SortedMap<Long, byte[]> pages, LongFunction<byte[]> previous) throws IOException {
        ByteBuffer record = recordBuffer(maxLength(pages.size()));
        record.position(HEADER);
        int entries = 0;
        for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
            entries += putChanges(record, page.getKey(), previous.apply(page.getKey()), page.getValue());
        }
        if (entries == 0) {
            return;
        }
        int length = record.position() - HEADER;
        record.putLong(0, MAGIC).putLong(Long.BYTES, cycle).putLong(2 * Long.BYTES, sequence)
                .putInt(3 * Long.BYTES, entries).putInt(HEADER_V2 - Integer.BYTES, PAGE).putInt(HEADER_V2, length);
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

    /**
     * A cleared buffer of at least {@code length} bytes. A record is sized for whole pages but
     * mostly holds a few hundred bytes of each, so the buffer is kept for the next one (appends
     * run one at a time) unless it is larger than {@link #KEPT_BUFFER}.
     */
    private ByteBuffer recordBuffer(long length) {
        if (buffer.capacity() >= length) {
            return buffer.clear();
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.toIntExact(length));
        if (length <= KEPT_BUFFER) {
            buffer = larger;
        }
        return larger;
    }

    /** The longest record of {@code pages} changed pages: a whole-page entry each. */
    private static long maxLength(int pages) {
        return HEADER + (long) pages * (ENTRY_HEADER + PAGE) + Long.BYTES;
    }

    /** Puts the runs in which {@code now} differs from {@code before} as entries; returns how many. */
    private static int putChanges(ByteBuffer record, long index, byte[] before, byte[] now) {
        int entries = 0;
        int at = 0;
        while (true) {
            int skip = Arrays.mismatch(now, at, PAGE, before, at, PAGE);
            if (skip < 0) {
                return entries;
            }
            int start = at + skip;
            int end = start + 1; // the run ends where MIN_GAP equal bytes follow, or at the page's end
            while (end < PAGE) {
                int same = Arrays.mismatch(now, end, Math.min(PAGE, end + MIN_GAP), before, end, Math.min(PAGE, end + MIN_GAP));
                if (same < 0) {
                    break;
                }
                end += same + 1;
            }
            record.putLong(index).putInt(start).putInt(end - start).put(now, start, end - start);
            entries++;
            at = end;
        }
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
        boolean replayed = found == MAGIC || found == MAGIC_V2 ? replay(store, journal, found)
                : found == MAGIC_V1 && replayV1(store, journal);
        if (replayed) {
            store.force(false);
            writeFully(journal, ByteBuffer.allocate(Long.BYTES), 0);
            journal.force(false);
        }
        return replayed;
    }

    /** Replays a cycle of records of {@code magic}'s format (whole pages for {@code SRJOURN2}). */
    private static boolean replay(FileChannel store, FileChannel journal, long magic) throws IOException {
        boolean wholePages = magic == MAGIC_V2;
        int header = wholePages ? HEADER_V2 : HEADER;
        long at = 0;
        long cycle = 0;
        for (long sequence = 0; ; sequence++) {
            ByteBuffer record = record(journal, at, sequence, magic);
            if (record == null) {
                return sequence > 0;
            }
            if (sequence == 0) {
                cycle = record.getLong(Long.BYTES);
            } else if (record.getLong(Long.BYTES) != cycle) {
                return true;
            }
            int entries = record.getInt(3 * Long.BYTES);
            int entry = header;
            for (int i = 0; i < entries; i++) {
                long index = record.getLong(entry);
                int offset = wholePages ? 0 : record.getInt(entry + Long.BYTES);
                int length = wholePages ? PAGE : record.getInt(entry + Long.BYTES + Integer.BYTES);
                int bytes = entry + (wholePages ? Long.BYTES : ENTRY_HEADER);
                if (index < 0 || offset < 0 || length <= 0 || length > PAGE - offset
                        || length > record.capacity() - Long.BYTES - bytes) {
                    throw new IOException("journal record " + sequence + " has an entry out of bounds,"
                            + " though its checksum matches: written by another program?");
                }
                writeFully(store, record.duplicate().position(bytes).limit(bytes + length), index * PAGE + offset);
                entry = bytes + length;
            }
            at += record.capacity();
        }
    }

    /** The whole record at {@code at} if it is intact and has this sequence number, else {@code null}. */
    private static ByteBuffer record(FileChannel journal, long at, long sequence, long magic) throws IOException {
        int headerSize = magic == MAGIC ? HEADER : HEADER_V2;
        long size = journal.size();
        if (at + headerSize + Long.BYTES > size) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(headerSize);
        readFully(journal, header, at);
        header.flip();
        if (header.getLong() != magic) {
            return null;
        }
        header.getLong(); // the cycle: checked by the caller
        long seq = header.getLong();
        int entries = header.getInt();
        int pageSize = header.getInt();
        long body = magic == MAGIC ? header.getInt() : (long) entries * ENTRY_V2;
        long length = headerSize + body + Long.BYTES;
        if (seq != sequence || pageSize != PAGE || entries <= 0 || body <= 0 || at + length > size
                || length > maxLength(entries)) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(length));
        readFully(journal, record, at);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.capacity() - Long.BYTES);
        return record.getLong(record.capacity() - Long.BYTES) == crc.getValue() ? record : null;
    }

    /** The earlier format: one commit, whole if its checksum matches. */
    private static boolean replayV1(FileChannel store, FileChannel journal) throws IOException {
        int pages = completePagesV1(journal);
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_V2);
        for (int i = 0; i < pages; i++) {
            readFully(journal, entry.clear(), HEADER_V1 + (long) i * ENTRY_V2);
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
        long end = HEADER_V1 + (long) pages * ENTRY_V2;
        if (header.getInt() != PAGE || pages <= 0 || size < end + Long.BYTES) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(ENTRY_V2);
        crc.update(header.flip());
        for (int i = 0; i < pages; i++) {
            readFully(journal, chunk.clear(), HEADER_V1 + (long) i * ENTRY_V2);
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

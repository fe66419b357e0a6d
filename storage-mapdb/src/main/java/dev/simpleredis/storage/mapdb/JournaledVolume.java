package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.ReopeningChannel;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The store file as MapDB sees it, with each commit made atomic by a redo journal.
 *
 * <p>Why: MapDB 3.1.0's {@code StoreWAL} writes a commit into the store file in place, and
 * although it first writes a log, it never replays that log when it opens a store (nor does
 * the log hold the record index), so a crash during a commit leaves a file that is half old,
 * half new, which MapDB may refuse to open or silently misread. So here writes collect in dirty
 * pages in memory (reads see them), and {@link #sync()}, which MapDB calls once at the end of
 * every commit, makes them durable as one unit: the dirty pages go to the journal with a
 * checksum, the journal is forced, then the pages are written to the file, the file is forced
 * and the journal marked empty. {@link #recover} runs before the store opens: a complete journal
 * (the crash came after it was forced) is written to the file again; a torn one is ignored, the
 * file still holding the last commit whole.
 *
 * <p>Clean pages are read whole from the file once and kept in a {@link PageCache}: MapDB reads
 * a few bytes at a time (an index value, a B-tree node), and a {@code pread} for each cost more
 * than the rest of a SET. A commit caches the pages it wrote.
 *
 * <p>MapDB writes this volume only inside a commit, while it holds every lock of its store, and
 * reads it only outside one (so a read waits for a commit's I/O in any case, on MapDB's locks);
 * the overlay is still guarded, and reads while it is empty take no lock.
 * Its channels {@link ReopeningChannel reopen} when an interrupt closes them.
 */
final class JournaledVolume extends Volume {

    private static final int PAGE = 4096;
    private static final long MAGIC = 0x5352_4a4f_5552_4e31L; // "SRJOURN1"
    private static final int HEADER = Long.BYTES + Integer.BYTES + Integer.BYTES;
    private static final int ENTRY = Long.BYTES + PAGE;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Path path;
    private final ReopeningChannel file;
    private final ReopeningChannel journal;
    /** Page index to new content; guarded by {@code this}. */
    private final TreeMap<Long, byte[]> dirty = new TreeMap<>();
    private final PageCache cache;
    private volatile boolean clean = true;
    private long length;
    /** While a new store is being set up, its syncs wait for {@link #endCreation()}: all or nothing. */
    private boolean creating;

    /**
     * Opens the store file (creating it), locked against other processes, and its journal;
     * keeps up to {@code cachePages} clean pages of the file in memory.
     */
    JournaledVolume(Path path, Path journalPath, boolean creating, int cachePages) throws IOException {
        this.path = path;
        this.creating = creating;
        this.cache = new PageCache(cachePages);
        this.file = new ReopeningChannel(path, true);
        try {
            this.journal = new ReopeningChannel(journalPath, false);
            this.length = file.run(FileChannel::size);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Finishes the interrupted commit, if its journal is complete, or drops the journal. Runs
     * before MapDB opens the store; returns whether it rewrote pages.
     */
    static boolean recover(Path store, Path journalPath) throws IOException {
        if (!Files.exists(journalPath)) {
            return false;
        }
        try (FileChannel journal = FileChannel.open(journalPath, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            int pages = completePages(journal);
            if (pages == 0) {
                return false;
            }
            try (FileChannel target = FileChannel.open(store, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer entry = ByteBuffer.allocate(ENTRY);
                for (int i = 0; i < pages; i++) {
                    readFully(journal, entry.clear(), HEADER + (long) i * ENTRY);
                    long index = entry.flip().getLong();
                    writeFully(target, entry, index * PAGE);
                }
                target.force(false);
            }
            invalidate(journal);
            journal.force(false);
            return true;
        }
    }

    /**
     * The number of pages in a complete, intact journal; 0 for a torn, emptied or absent one.
     * The file may be longer than the journal it holds: it is reused, not truncated.
     */
    private static int completePages(FileChannel journal) throws IOException {
        long size = journal.size();
        if (size < HEADER + Long.BYTES) {
            return 0;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(journal, header, 0);
        header.flip();
        if (header.getLong() != MAGIC) {
            return 0;
        }
        int pages = header.getInt();
        long end = HEADER + (long) pages * ENTRY;
        if (header.getInt() != PAGE || pages <= 0 || size < end + Long.BYTES) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(ENTRY);
        crc.update(header.flip());
        for (int i = 0; i < pages; i++) {
            readFully(journal, chunk.clear(), HEADER + (long) i * ENTRY);
            crc.update(chunk.flip());
        }
        ByteBuffer stored = ByteBuffer.allocate(Long.BYTES);
        readFully(journal, stored, end);
        return stored.flip().getLong() == crc.getValue() ? pages : 0;
    }

    /** The new store is set up: from now on every sync commits, the first one all of it. */
    synchronized void endCreation() {
        creating = false;
    }

    @Override
    public synchronized void sync() {
        if (creating) {
            return;
        }
        try {
            if (dirty.isEmpty()) {
                file.run(channel -> {
                    channel.force(false);
                    return null;
                });
                return;
            }
            writeJournal();
            file.run(channel -> {
                for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
                    writeFully(channel, ByteBuffer.wrap(page.getValue()), page.getKey() * PAGE);
                }
                channel.force(false);
                return null;
            });
            // Not forced: a journal that comes back after a power failure holds this commit,
            // which the file then already has, so replaying it changes nothing.
            journal.run(channel -> {
                invalidate(channel);
                return null;
            });
        } catch (IOException e) {
            cache.clear(); // the file may hold part of this commit now (the dirty pages, kept, hide it)
            throw new UncheckedIOException("cannot commit to " + path, e);
        } catch (RuntimeException e) {
            cache.clear(); // as above
            throw e;
        }
        cache.committed(dirty); // the arrays now belong to the cache: never written again
        dirty.clear();
        clean = true;
    }

    /**
     * Writes the dirty pages and a checksum of them over the start of the journal, and forces
     * it. The journal is overwritten in place, never truncated: forcing then flushes data only
     * (fdatasync), which costs a fraction of a full fsync.
     */
    private void writeJournal() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putInt(dirty.size()).putInt(PAGE).flip();
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate());
        List<ByteBuffer> entries = new ArrayList<>(dirty.size());
        for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
            ByteBuffer entry = ByteBuffer.allocate(ENTRY).putLong(page.getKey()).put(page.getValue()).flip();
            crc.update(entry.duplicate());
            entries.add(entry);
        }
        ByteBuffer checksum = ByteBuffer.allocate(Long.BYTES).putLong(crc.getValue()).flip();
        journal.run(channel -> {
            writeFully(channel, header.duplicate(), 0);
            long position = HEADER;
            for (ByteBuffer entry : entries) {
                writeFully(channel, entry.duplicate(), position);
                position += ENTRY;
            }
            writeFully(channel, checksum.duplicate(), position);
            channel.force(false);
            return null;
        });
    }

    /** Marks the journal empty by overwriting its magic number. */
    private static void invalidate(FileChannel journal) throws IOException {
        writeFully(journal, ByteBuffer.allocate(Long.BYTES), 0);
    }

    // ---- the overlay ---------------------------------------------------------------------------

    private void read(long offset, byte[] dst, int pos, int len) {
        if (clean) {
            copy(offset, dst, pos, len, false);
        } else {
            synchronized (this) {
                copy(offset, dst, pos, len, true);
            }
        }
    }

    /** Copies from the pages; {@code overlay}: dirty pages first, under the monitor. */
    private void copy(long offset, byte[] dst, int pos, int len, boolean overlay) {
        while (len > 0) {
            int inPage = (int) (offset % PAGE);
            int n = Math.min(len, PAGE - inPage);
            System.arraycopy(page(offset / PAGE, overlay), inPage, dst, pos, n);
            offset += n;
            pos += n;
            len -= n;
        }
    }

    /** The page as a read sees it; not to be changed. */
    private byte[] page(long index, boolean overlay) {
        if (overlay) {
            byte[] page = dirty.get(index);
            if (page != null) {
                return page;
            }
        }
        byte[] page = cache.get(index);
        if (page == null) {
            long generation = cache.generation();
            page = new byte[PAGE];
            readFromFile(index * PAGE, page, 0, PAGE);
            cache.fill(index, page, generation);
        }
        return page;
    }

    /** Reads what the file has; zeros where it has not grown to yet. */
    private void readFromFile(long offset, byte[] dst, int pos, int len) {
        ByteBuffer buffer = ByteBuffer.wrap(dst, pos, len);
        try {
            boolean ended = file.run(channel -> {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset - pos + buffer.position()) < 0) {
                        return true;
                    }
                }
                return false;
            });
            if (ended) {
                Arrays.fill(dst, buffer.position(), pos + len, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private synchronized void write(long offset, byte[] src, int pos, int len) {
        clean = false;
        length = Math.max(length, offset + len);
        while (len > 0) {
            long index = offset / PAGE;
            int inPage = (int) (offset % PAGE);
            int n = Math.min(len, PAGE - inPage);
            // a copy: the cached page stays as the file has it until this one is committed
            byte[] page = dirty.computeIfAbsent(index, i -> page(i, false).clone());
            System.arraycopy(src, pos, page, inPage, n);
            offset += n;
            pos += n;
            len -= n;
        }
    }

    @Override
    public synchronized void ensureAvailable(long offset) {
        length = Math.max(length, offset);
    }

    /** MapDB 3.1.0's transactional store never shrinks its file (it does not compact). */
    @Override
    public void truncate(long size) {
        throw new UnsupportedOperationException("truncating " + path);
    }

    @Override
    public synchronized long length() {
        return length;
    }

    @Override
    public void putLong(long offset, long value) {
        write(offset, ByteBuffer.allocate(Long.BYTES).putLong(value).array(), 0, Long.BYTES);
    }

    @Override
    public void putInt(long offset, int value) {
        write(offset, ByteBuffer.allocate(Integer.BYTES).putInt(value).array(), 0, Integer.BYTES);
    }

    @Override
    public void putByte(long offset, byte value) {
        write(offset, new byte[] {value}, 0, 1);
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        write(offset, bytes, 0, bytes.length);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        write(startOffset, new byte[(int) (endOffset - startOffset)], 0, (int) (endOffset - startOffset));
    }

    /** The most frequent read (index values, links): straight from the page when it fits in one. */
    @Override
    public long getLong(long offset) {
        int inPage = (int) (offset % PAGE);
        if (inPage > PAGE - Long.BYTES) {
            byte[] bytes = new byte[Long.BYTES];
            read(offset, bytes, 0, bytes.length);
            return (long) LONG.get(bytes, 0);
        }
        if (clean) {
            return (long) LONG.get(page(offset / PAGE, false), inPage);
        }
        synchronized (this) {
            return (long) LONG.get(page(offset / PAGE, true), inPage);
        }
    }

    @Override
    public int getInt(long offset) {
        byte[] bytes = new byte[Integer.BYTES];
        read(offset, bytes, 0, bytes.length);
        return (int) INT.get(bytes, 0);
    }

    @Override
    public byte getByte(long offset) {
        byte[] bytes = new byte[1];
        read(offset, bytes, 0, 1);
        return bytes[0];
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        byte[] bytes = new byte[size];
        read(offset, bytes, 0, size);
        return new DataInput2.ByteArray(bytes);
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        read(offset, bytes, bytesPos, size);
    }

    /** Drops uncommitted pages: MapDB closes without committing only to roll back. */
    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            dirty.clear();
            try (file; journal) {
                // closes both: the file, and so its lock, even if the journal fails to close
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }

    @Override
    public int sliceSize() {
        return -1;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return path.toFile();
    }

    @Override
    public boolean getFileLocked() {
        return true;
    }

    /** Fills {@code buffer} from the file at {@code position}; resumable, as the position follows the buffer's. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position() - start) < 0) {
                throw new IOException("unexpected end of " + channel);
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position() - start);
        }
    }
}

package dev.simpleredis.storage.mapdb;

import static dev.simpleredis.storage.mapdb.RedoJournal.writeFully;

import dev.simpleredis.api.storage.ReopeningChannel;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
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
 * every commit, makes them durable as one unit: the dirty pages are appended to the
 * {@link RedoJournal} as one record, which is forced, and then written to the file, which is not.
 * A checkpoint (when the journal is full, and at close) forces the file and starts the journal
 * over. Opening the volume first replays the journal's complete records into the file.
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

    private static final int PAGE = RedoJournal.PAGE;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Path path;
    private final ReopeningChannel file;
    private final ReopeningChannel journalChannel;
    private final RedoJournal journal;
    /** Page index to new content; guarded by {@code this}. */
    private final TreeMap<Long, byte[]> dirty = new TreeMap<>();
    private final PageCache cache;
    private volatile boolean clean = true;
    private long length;
    /** While a new store is being set up, its syncs wait for {@link #endCreation()}: all or nothing. */
    private boolean creating;
    /** A record is forced whose pages the file may not all have yet (a failed commit): keep the journal. */
    private boolean fileBehind;

    /**
     * Opens the store file (creating it), locked against other processes, and its journal, and
     * replays the journal into the file (under the lock: replaying a journal in use would undo
     * its commits). An empty file after that is a store to create. Keeps up to
     * {@code cachePages} clean pages of the file in memory; checkpoints when the journal would
     * pass {@code journalLimit} bytes.
     */
    JournaledVolume(Path path, Path journalPath, int cachePages, long journalLimit) throws IOException {
        this.path = path;
        this.cache = new PageCache(cachePages);
        this.file = new ReopeningChannel(path, true);
        ReopeningChannel journalFile;
        try {
            journalFile = new ReopeningChannel(journalPath, false);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        this.journalChannel = journalFile;
        try {
            file.run(store -> journalFile.run(journal -> RedoJournal.recover(store, journal)));
            this.journal = new RedoJournal(journalFile, journalLimit);
            this.length = file.run(FileChannel::size);
            this.creating = length == 0;
        } catch (IOException | RuntimeException e) {
            try (file; journalFile) {
                throw e;
            }
        }
    }

    /** The new store is set up: from now on every sync commits, the first one all of it. */
    synchronized void endCreation() {
        creating = false;
    }

    /** Whether the store is new: empty when opened, and not yet through {@link #endCreation()}. */
    synchronized boolean creating() {
        return creating;
    }

    /** The commit: one forced journal record, then the pages into the file, not forced. */
    @Override
    public synchronized void sync() {
        if (creating || dirty.isEmpty()) {
            return;
        }
        try {
            if (journal.full(dirty.size())) {
                checkpoint();
            }
            journal.append(dirty);
            fileBehind = true;
            file.run(channel -> {
                for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
                    writeFully(channel, ByteBuffer.wrap(page.getValue()), page.getKey() * PAGE);
                }
                return null;
            });
            fileBehind = false;
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

    /** Forces the file, which then holds every record in the journal, and starts the journal over. */
    private void checkpoint() throws IOException {
        file.run(channel -> {
            channel.force(false);
            return null;
        });
        journal.restart();
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

    /**
     * Drops uncommitted pages (MapDB closes without committing only to roll back) and
     * checkpoints, so that the next open has nothing to replay; unless a failed commit left the
     * file behind the journal, which the next open then replays.
     */
    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            dirty.clear();
            try (file; journalChannel) {
                // closes both: the file, and so its lock, even if the checkpoint fails
                if (!fileBehind) {
                    checkpoint();
                    journal.invalidate();
                }
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
}

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The store file as MapDB sees it, with each commit made atomic by a redo journal.
 *
 * <p>Why: MapDB 3.1.0's {@code StoreWAL} writes a commit into the store file in place, and
 * although it first writes a log, it never replays that log when it opens a store (nor does
 * the log hold the record index), so a crash during a commit leaves a file that is half old,
 * half new, which MapDB may refuse to open or silently misread. So here writes collect in dirty
 * pages in memory (reads see them), and a commit is made durable in two steps:
 * <ul>
 *   <li>{@link #sync()}, which MapDB calls once at the end of every commit while it holds every
 *       lock of its store, only <em>seals</em> the commit: its dirty pages become an immutable
 *       sealed set, the newest in a list, and new writes start on fresh dirty pages. No I/O.
 *   <li>{@link #flush()}, called after the commit, with MapDB's and the engine's locks released,
 *       takes every sealed set there is, merges them (later pages win) into one {@link RedoJournal}
 *       record of the bytes they change, which is appended and forced, writes the pages to the file (not forced), and
 *       only then lets the sets go, their pages now clean. One flush runs at a time.
 * </ul>
 * So the slow part, the force, no longer keeps writers out: the next commit's writes go on
 * meanwhile. A checkpoint (when the journal is full, and at close) forces the file and starts the
 * journal over. Opening the volume first replays the journal's complete records into the file.
 *
 * <p>A read sees a page as the newest of: its dirty page, the sealed sets from the newest, the
 * {@link PageCache}, the file. Nothing goes back in time: a sealed set leaves the list only after
 * the file holds its pages, which by then have replaced the cached ones: a cached page is always
 * the file's (a newer set or dirty page hides it from reads meanwhile), the content the next
 * flush's record is the difference from. A failed flush leaves its sets in the list, to be
 * flushed again.
 *
 * <p>Clean pages are read whole from the file once and kept in the {@link PageCache}: MapDB reads
 * a few bytes at a time (an index value, a B-tree node), and a {@code pread} for each cost more
 * than the rest of a SET.
 *
 * <p>MapDB writes this volume only inside a commit, and never reads it during one (its store
 * locks keep reads out); a flush overlaps reads and the next commit's writes, which is why the
 * overlay is guarded by the monitor. While there are neither dirty pages nor sealed sets, reads
 * take no lock. Its channels {@link ReopeningChannel reopen} when an interrupt closes them.
 */
final class JournaledVolume extends Volume {

    private static final int PAGE = RedoJournal.PAGE;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Path path;
    private final ReopeningChannel file;
    private final ReopeningChannel journalChannel;
    private final RedoJournal journal;
    /** Page index to new content, written since the last commit; guarded by {@code this}. */
    private TreeMap<Long, byte[]> dirty = new TreeMap<>();
    /** Committed pages not yet flushed, one set per commit, the newest last; never changed once here. Guarded by {@code this}. */
    private final List<TreeMap<Long, byte[]>> sealed = new ArrayList<>();
    private final PageCache cache;
    /** No dirty page and no sealed set: reads go straight to the cache and the file. */
    private volatile boolean clean = true;
    private long length;
    /** While a new store is being set up, its syncs wait for {@link #endCreation()}: all or nothing. */
    private boolean creating;
    /** One flush at a time, and close not during one; taken before the monitor, never inside it. */
    private final ReentrantLock flushing = new ReentrantLock();
    /**
     * The pages of a forced record that the file may not all have (its flush failed writing them):
     * written again before anything else, and meanwhile the journal is kept. Guarded by {@link #flushing}.
     */
    private SortedMap<Long, byte[]> unwritten;

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

    /**
     * Seals the commit, under MapDB's commit: its dirty pages become the newest sealed set, for
     * the next {@link #flush()} to make durable. No I/O.
     */
    @Override
    public synchronized void sync() {
        if (creating || dirty.isEmpty()) {
            return;
        }
        sealed.add(dirty);
        dirty = new TreeMap<>();
    }

    /**
     * Makes every commit sealed before the call durable: on return they are in a forced journal
     * record, and their pages in the file (not forced) and the cache. Runs outside MapDB's commit,
     * so that writes and reads go on meanwhile. On failure the commits stay sealed, still read
     * from memory, and the next flush tries them again.
     */
    void flush() throws IOException {
        flushing.lock();
        try {
            if (closed.get()) {
                synchronized (this) {
                    if (!sealed.isEmpty()) {
                        throw new IOException(path + " was closed with commits it could not flush");
                    }
                }
                return;
            }
            flushSealed();
        } finally {
            flushing.unlock();
        }
    }

    /** The flush, under {@link #flushing}. */
    private void flushSealed() throws IOException {
        List<TreeMap<Long, byte[]>> sets;
        synchronized (this) {
            sets = List.copyOf(sealed);
        }
        if (unwritten != null) {
            writeToFile(unwritten); // before a checkpoint may restart the journal that holds them
            unwritten = null;
        }
        if (sets.isEmpty()) {
            return;
        }
        SortedMap<Long, byte[]> merged = sets.get(0);
        if (sets.size() > 1) {
            merged = new TreeMap<>();
            for (TreeMap<Long, byte[]> set : sets) {
                merged.putAll(set); // in commit order: later pages win
            }
        }
        if (journal.full(merged.size())) {
            checkpoint();
        }
        journal.append(merged, this::cleanPage); // the bytes changed since the flush before
        unwritten = merged;
        writeToFile(merged);
        unwritten = null;
        synchronized (this) {
            sealed.subList(0, sets.size()).clear();
            clean = dirty.isEmpty() && sealed.isEmpty();
        }
    }

    /**
     * Writes the pages, each run of consecutive ones in one gathering write (a flush of a
     * hundred pages has some sixty runs), then caches them: the cache holds a page as the file
     * does, which is what the next flush's record is the difference from, also after a failed
     * flush's pages are written again. A newer set or dirty page hides them from reads
     * meanwhile. Only flushes (one at a time) move the channel's position; reads name theirs.
     */
    private void writeToFile(SortedMap<Long, byte[]> pages) throws IOException {
        file.run(channel -> {
            List<ByteBuffer> run = new ArrayList<>();
            long first = -1;
            for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
                if (first + run.size() != page.getKey()) {
                    writeRun(channel, first, run);
                    first = page.getKey();
                }
                run.add(ByteBuffer.wrap(page.getValue()));
            }
            writeRun(channel, first, run);
            return null;
        });
        cache.committed(pages); // the arrays now belong to the cache: never written again
    }

    private static void writeRun(FileChannel channel, long first, List<ByteBuffer> run) throws IOException {
        if (run.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = run.toArray(ByteBuffer[]::new);
        channel.position(first * PAGE);
        for (int i = 0; i < buffers.length; ) {
            channel.write(buffers, i, buffers.length - i);
            while (i < buffers.length && !buffers[i].hasRemaining()) {
                i++;
            }
        }
        run.clear();
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

    /** Copies from the pages; {@code overlay}: dirty pages and sealed sets first, under the monitor. */
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

    /** The page as a read sees it; not to be changed. {@code overlay}: under the monitor. */
    private byte[] page(long index, boolean overlay) {
        if (overlay) {
            byte[] page = dirty.get(index);
            if (page == null) {
                page = sealedPage(index);
            }
            if (page != null) {
                return page;
            }
        }
        return cleanPage(index);
    }

    /** The page in the newest sealed set that has it, or {@code null}; under the monitor. */
    private byte[] sealedPage(long index) {
        for (int i = sealed.size() - 1; i >= 0; i--) {
            byte[] page = sealed.get(i).get(index);
            if (page != null) {
                return page;
            }
        }
        return null;
    }

    /** The page as the cache or else the file has it (the file is read and cached). */
    private byte[] cleanPage(long index) {
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
            // a copy: the sealed or cached page stays as it is until this one is committed
            byte[] page = dirty.computeIfAbsent(index, i -> {
                byte[] committed = sealedPage(i);
                return (committed != null ? committed : cleanPage(i)).clone();
            });
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
     * Flushes the sealed commits, drops uncommitted pages (MapDB closes without committing only
     * to roll back) and checkpoints, so that the next open has nothing to replay; unless a failed
     * flush left the file behind the journal, which the next open then replays. Waits for a flush
     * under way.
     */
    @Override
    public void close() {
        flushing.lock();
        try {
            if (closed.get()) {
                return;
            }
            IOException failure = null;
            try {
                flushSealed();
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                closed.set(true);
                dirty.clear();
            }
            try (file; journalChannel) {
                // closes both: the file, and so its lock, even if the checkpoint fails
                if (unwritten == null) {
                    checkpoint();
                    journal.invalidate();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw new UncheckedIOException("cannot close " + path, failure);
            }
        } finally {
            flushing.unlock();
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

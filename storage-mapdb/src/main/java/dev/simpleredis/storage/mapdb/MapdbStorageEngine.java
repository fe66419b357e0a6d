package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.Durability;
import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.PagedScan;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.mapdb.BTreeMap;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.Serializer;
import org.mapdb.StoreWAL;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * One MapDB B-tree in one file, as a transactional store ({@code transactionEnable}): changes
 * stay out of the file until a commit. A {@link Durability} sync is a MapDB commit, which the
 * {@link JournaledVolume} under the store seals in memory, then a {@link JournaledVolume#flush()
 * flush} of the volume, which makes every sealed commit atomic and durable (one fsync, of its
 * journal; the file is forced at checkpoints), so that a crash at any moment leaves the store,
 * once the journal is replayed, at its last flushed commit. When the sync returns, every write
 * applied before it began is in a forced journal record: its commit sealed it, and the flush
 * that followed took every sealed commit there was, or waited for the flush that had taken it.
 *
 * <p>Locking. Every write takes the write side of one read-write lock, so a batch is applied
 * whole before anyone sees it. Reads take the read side, and so does a commit (MapDB's
 * {@code commit()}, which seals without I/O): a commit then never persists half a batch, nor half
 * of MapDB's own multi-record update of the tree, while reads go on beside it. The flush, the
 * journal's fsync, runs after the read side is released: held during an fsync it would keep every
 * writer, and so the server's event loop, waiting for the disk, while the writes that come in
 * meanwhile can only be made durable by the next flush anyway. Scans read {@link PagedScan pages}
 * under the read side and visit with nothing held.
 *
 * <p>Keys use {@link Serializer#BYTE_ARRAY}, whose comparator orders unsigned bytes. A value is
 * stored as its 8-byte expiry followed by its bytes, outside the tree's nodes so that a large
 * value is not rewritten with every change to a neighbouring key.
 *
 * <p>An interrupt of a calling thread does not break the store: its file channels reopen (see
 * {@link dev.simpleredis.api.storage.ReopeningChannel}).
 */
final class MapdbStorageEngine implements StorageEngine {

    private static final int PAGE_ENTRIES = 256;
    private static final int PAGE_BYTES = 4 << 20;
    /** The journal's size between checkpoints: each forces the file once, instead of every commit. */
    private static final long JOURNAL_LIMIT = 32L << 20;

    private final Path file;
    private final JournaledVolume volume;
    private final DB db;
    private final BTreeMap<byte[], byte[]> map;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Durability durability;
    private boolean closed;

    private MapdbStorageEngine(Path file, JournaledVolume volume, DB db, BTreeMap<byte[], byte[]> map, Fsync fsync) {
        this.file = file;
        this.volume = volume;
        this.db = db;
        this.map = map;
        this.durability = new Durability(fsync, "mapdb", Durability.WhenNo.EVERY_SECOND, this::commit);
    }

    /**
     * Opens the store as {@code DBMaker.fileDB(file).fileChannelEnable().transactionEnable()}
     * would (a {@link StoreWAL} on a {@link java.nio.channels.FileChannel}), but with the file
     * under a {@link JournaledVolume} and MapDB's own log, which it never reads back, in memory.
     * {@code cachePages}: how many clean 4 KiB pages of the file to keep in memory.
     */
    static MapdbStorageEngine open(Path file, Fsync fsync, int cachePages) {
        Path journal = file.resolveSibling(file.getFileName() + ".journal");
        JournaledVolume volume = null;
        DB db = null;
        try {
            volume = new JournaledVolume(file, journal, cachePages, JOURNAL_LIMIT);
            JournaledVolume opened = volume;
            // an empty file is a store whose creation never committed: create it again
            boolean exists = !volume.creating();
            VolumeFactory volumes = new VolumeFactory() {
                @Override
                public Volume makeVolume(String name, boolean readOnly, long fileLockWait, int sliceShift,
                                         long initSize, boolean fixedSize) {
                    if (!name.equals(file.toString())) {
                        return ByteArrayVol.FACTORY.makeVolume(name, readOnly, fileLockWait, sliceShift, initSize, fixedSize);
                    }
                    return opened;
                }

                @Override
                public boolean exists(String name) {
                    return name.equals(file.toString()) && exists;
                }

                @Override
                public boolean handlesReadonly() {
                    return false;
                }
            };
            StoreWAL store = StoreWAL.make(file.toString(), volumes, 0L, true, CC.STORE_DIRECT_CONC_SHIFT,
                    CC.PAGE_SIZE, 0L, false, false, false, true, false);
            db = new DB(store, exists, true, MapdbStorageEngine.class.getClassLoader(), 0);
            BTreeMap<byte[], byte[]> map = db.treeMap("simpleredis", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
                    .valuesOutsideNodesEnable()
                    .createOrOpen();
            volume.endCreation();
            db.commit();
            volume.flush();
            UnpackedLz4Library.delete();
            return new MapdbStorageEngine(file, volume, db, map, fsync);
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            } else if (volume != null) {
                volume.close(); // MapDB refused the file: let go of it and of its lock
            }
            throw new StorageException("cannot open the MapDB store " + file + ": " + e, e);
        }
    }

    @Override
    public StoredValue get(byte[] key) {
        lock.readLock().lock();
        try {
            checkOpen();
            return decode(map.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        List<StoredValue> values = new ArrayList<>(keys.size());
        lock.readLock().lock();
        try {
            checkOpen();
            for (byte[] key : keys) {
                values.add(decode(map.get(key)));
            }
        } finally {
            lock.readLock().unlock();
        }
        return values;
    }

    @Override
    public void write(WriteBatch batch) {
        lock.writeLock().lock();
        try {
            checkOpen();
            for (WriteBatch.Op op : batch.ops()) {
                switch (op) {
                    case WriteBatch.Put put -> map.put(put.key(), encode(put.value()));
                    case WriteBatch.Delete delete -> map.remove(delete.key());
                    case WriteBatch.DeleteRange range -> removeRange(range.from(), range.to());
                }
            }
            if (!batch.isEmpty()) {
                durability.written();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        lock.writeLock().lock();
        try {
            checkOpen();
            StoredValue current = decode(map.get(key));
            StoredValue next = update.apply(current);
            if (next == current) {
                return next;
            }
            if (next == null) {
                map.remove(key);
            } else {
                map.put(key, encode(next));
            }
            durability.written();
            return next;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, false, PAGE_ENTRIES, this::page, visitor);
    }

    /** Each page walks the tree's leaves backwards from the page's end, found from the root. */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, true, PAGE_ENTRIES, this::page, visitor);
    }

    private PagedScan.Page page(byte[] start, boolean startInclusive, byte[] to, boolean descending, int limit) {
        List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>();
        long bytes = 0;
        lock.readLock().lock();
        try {
            checkOpen();
            NavigableMap<byte[], byte[]> range = range(start, startInclusive, to);
            for (Map.Entry<byte[], byte[]> e : (descending ? range.descendingMap() : range).entrySet()) {
                if (entries.size() == limit || bytes >= PAGE_BYTES) {
                    return new PagedScan.Page(entries, false);
                }
                entries.add(Map.entry(e.getKey(), decode(e.getValue())));
                bytes += e.getValue().length;
            }
            return new PagedScan.Page(entries, true);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Counts keys without reading values (they are stored outside the nodes). */
    @Override
    public long count(byte[] from, byte[] to) {
        lock.readLock().lock();
        try {
            checkOpen();
            return isEmptyRange(from, to) ? 0 : range(from, true, to).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long deleteRange(byte[] from, byte[] to) {
        lock.writeLock().lock();
        try {
            checkOpen();
            int removed = removeRange(from, to);
            if (removed > 0) {
                durability.written();
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every key with {@code from <= key < to} ({@code null} = unbounded); under the write lock. */
    private int removeRange(byte[] from, byte[] to) {
        if (isEmptyRange(from, to)) {
            return 0;
        }
        List<byte[]> keys = new ArrayList<>(range(from, true, to).keySet());
        for (byte[] key : keys) {
            map.remove(key);
        }
        return keys.size();
    }

    private NavigableMap<byte[], byte[]> range(byte[] from, boolean fromInclusive, byte[] to) {
        NavigableMap<byte[], byte[]> range = map;
        if (from != null) {
            range = range.tailMap(from, fromInclusive);
        }
        if (to != null) {
            range = range.headMap(to, false);
        }
        return range;
    }

    private static boolean isEmptyRange(byte[] from, byte[] to) {
        return from != null && to != null && Serializer.BYTE_ARRAY.compare(from, to) >= 0;
    }

    @Override
    public void awaitDurable() {
        lock.readLock().lock();
        try {
            checkOpen();
        } finally {
            lock.readLock().unlock();
        }
        durability.awaitDurable();
    }

    /**
     * The {@link Durability} sync: seals a commit under the read side, then flushes with no lock
     * held (see the class comment). After close there is nothing left to commit, and the flush
     * only reports commits that close could not flush.
     */
    private void commit() throws IOException {
        lock.readLock().lock();
        try {
            if (!closed) {
                db.commit();
            }
        } finally {
            lock.readLock().unlock();
        }
        volume.flush();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            // commits what was written, and stops the background commits before the store closes
            durability.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                db.commit(); // writes that came in during durability.close()
            } finally {
                db.close(); // closes the volume, which flushes that commit first
            }
        } catch (RuntimeException e) {
            StorageException closing = new StorageException("cannot close the MapDB store " + file + ": " + e, e);
            if (failure != null) {
                closing.addSuppressed(failure);
            }
            failure = closing;
        } finally {
            lock.writeLock().unlock();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the MapDB store " + file + " is closed");
        }
    }

    private static byte[] encode(StoredValue value) {
        return ByteBuffer.allocate(Long.BYTES + value.value().length)
                .putLong(value.expiresAt())
                .put(value.value())
                .array();
    }

    private static StoredValue decode(byte[] stored) {
        if (stored == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        long expiresAt = buffer.getLong();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new StoredValue(value, expiresAt);
    }
}

package dev.simpleredis.storage.h2;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.simpleredis.api.storage.Durability;
import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.PagedScan;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The store as one table of an H2 database, {@code kv(k VARBINARY PRIMARY KEY, v VARBINARY,
 * expires_at BIGINT)}; H2 orders {@code VARBINARY} as unsigned bytes. A {@code schema_version}
 * table says which layout the database has, so that a later version can migrate it; a database
 * of a newer version is refused.
 *
 * <p>Every call is one transaction on a pooled connection; multi-key reads and writes also take
 * {@link KeyLocks} (see {@link #getAll} for why). {@link #compute} locks its row with
 * {@code SELECT ... FOR UPDATE}, so it is atomic even against other processes sharing an H2
 * server; when the key is absent there is no row to lock, and two computes racing to insert it
 * end in a duplicate key for one of them, which then runs again. Batches write their keys in
 * key order, so concurrent batches cannot deadlock. Scans, in either direction, read pages by
 * key (keyset pagination), so that a huge table is never loaded at once.
 *
 * <p>Durability. A committed transaction reaches H2's file within H2's write delay (500 ms by
 * default). A {@link Durability} sync is {@code CHECKPOINT SYNC}, which first writes out
 * everything committed (as a store commit) and then forces the file: under {@code always} it
 * runs as a group commit before writes are acknowledged, under {@code everysec} once a second;
 * under {@code no} H2 is left to itself. {@code SET WRITE_DELAY 0} would add nothing to that but
 * a file write per transaction (a fifth of the acknowledged writes per second, measured), so the
 * write delay stays H2's.
 *
 * <p>One connection outside the pool runs the schema, the syncs and, for an embedded database,
 * the final {@code SHUTDOWN}: closing the pool first and then the database is the order H2 and
 * HikariCP need, and that connection keeps the embedded database open until then.
 */
final class H2StorageEngine implements StorageEngine {

    private static final int SCHEMA_VERSION = 1;
    private static final int PAGE_ROWS = 256;
    /** Larger values are left out of scan pages and read one by one, to bound a page's size. */
    private static final int INLINE_VALUE_BYTES = 64 * 1024;
    private static final int MAX_ATTEMPTS = 100;

    private final String url;
    private final boolean embedded;
    private final Connection admin;
    private final HikariDataSource pool;
    private final Durability durability;
    /** Calls take the read side; close takes the write side, to wait for calls in flight. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Multi-key reads against multi-key writes of this process (see {@link #getAll}), and computes. */
    private final KeyLocks keyLocks = new KeyLocks();
    private volatile boolean closed;

    private H2StorageEngine(String url, Connection admin, HikariDataSource pool, Fsync fsync) {
        this.url = url;
        this.embedded = !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
        this.admin = admin;
        this.pool = pool;
        this.durability = new Durability(fsync, "h2", this::checkpoint);
    }

    static H2StorageEngine open(String url, String user, String password, int poolSize, Fsync fsync) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser(user);
        database.setPassword(password);
        Connection admin = null;
        try {
            admin = database.getConnection();
            createSchema(admin, url);
            HikariConfig config = new HikariConfig();
            config.setDataSource(database);
            config.setPoolName("simpleredis-h2");
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(poolSize);
            config.setAutoCommit(false);
            return new H2StorageEngine(url, admin, new HikariDataSource(config), fsync);
        } catch (SQLException | RuntimeException e) {
            if (admin != null) {
                try {
                    admin.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof StorageException s ? s
                    : new StorageException("cannot open the H2 store " + url + ": " + e.getMessage(), e);
        }
    }

    private static void createSchema(Connection admin, String url) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY)");
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                int version = rs.getInt(1);
                if (version > SCHEMA_VERSION) {
                    throw new StorageException("the H2 store " + url + " has schema version " + version
                            + ", newer than this simpleredis understands (" + SCHEMA_VERSION
                            + "): run the simpleredis that wrote it, or a newer one");
                }
            }
            s.execute("CREATE TABLE IF NOT EXISTS kv ("
                    + "k VARBINARY PRIMARY KEY, v VARBINARY NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("MERGE INTO schema_version KEY (version) VALUES (" + SCHEMA_VERSION + ")");
        }
    }

    @Override
    public StoredValue get(byte[] key) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT v, expires_at FROM kv WHERE k = ?")) {
                s.setBytes(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new StoredValue(rs.getBytes(1), rs.getLong(2)) : null;
                }
            }
        });
    }

    /**
     * One statement, under the read locks of its keys. H2 alone is not enough: when one
     * transaction deletes rows and another inserts them again, a statement reading them while the
     * second commits can see some of its rows and not the others, under every isolation level
     * (H2 2.3.232). The key locks keep batches of this process out meanwhile; a batch written
     * at that moment by another process sharing an H2 server can still be seen in part.
     */
    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        if (keys.isEmpty()) {
            checkOpen();
            return List.of();
        }
        Lock[] locked = keyLocks.lock(keys, false);
        Map<ByteBuffer, StoredValue> found;
        try {
            found = transaction(c -> read(c, keys));
        } finally {
            KeyLocks.unlock(locked);
        }
        List<StoredValue> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(found.get(ByteBuffer.wrap(key)));
        }
        return values;
    }

    /** The values of those of {@code keys} that exist, in one statement. */
    private static Map<ByteBuffer, StoredValue> read(Connection c, List<byte[]> keys) throws SQLException {
        Map<ByteBuffer, StoredValue> values = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT k, v, expires_at FROM kv WHERE k = ANY(?)")) {
            s.setArray(1, c.createArrayOf("VARBINARY", keys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.put(ByteBuffer.wrap(rs.getBytes(1)), new StoredValue(rs.getBytes(2), rs.getLong(3)));
                }
            }
        }
        return values;
    }

    @Override
    public void write(WriteBatch batch) {
        if (batch.isEmpty()) {
            checkOpen();
            return;
        }
        // A range delete undoes the batch's earlier operations in its range; with those dropped,
        // the ranges can go first, and then each key's last operation decides the rest, so one
        // statement per key, in key order, gives the same result; and batches that lock rows in
        // one order cannot deadlock. Ranges lock every key, as deleteRange does.
        List<Range> ranges = new ArrayList<>();
        TreeMap<byte[], StoredValue> last = new TreeMap<>(Arrays::compareUnsigned); // null: deleted
        for (WriteBatch.Op op : batch.ops()) {
            switch (op) {
                case WriteBatch.Put put -> last.put(put.key(), put.value());
                case WriteBatch.Delete delete -> last.put(delete.key(), null);
                case WriteBatch.DeleteRange range when range.isEmpty() -> {
                }
                case WriteBatch.DeleteRange range -> {
                    last.subMap(range.from(), true, range.to(), false).clear();
                    ranges.add(new Range(range.from(), true, range.to()));
                }
            }
        }
        Lock[] locked = ranges.isEmpty() ? keyLocks.lock(last.keySet(), true) : keyLocks.lockAll();
        try {
            writeInOrder(ranges, last);
        } finally {
            KeyLocks.unlock(locked);
        }
        durability.written();
    }

    private void writeInOrder(List<Range> ranges, TreeMap<byte[], StoredValue> last) {
        transaction(c -> {
            for (Range range : ranges) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM kv" + range.where())) {
                    range.bind(s);
                    s.executeUpdate();
                }
            }
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO kv (k, v, expires_at) KEY (k) VALUES (?, ?, ?)");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM kv WHERE k = ?")) {
                PreparedStatement pending = null;
                for (Map.Entry<byte[], StoredValue> e : last.entrySet()) {
                    PreparedStatement statement;
                    if (e.getValue() == null) {
                        delete.setBytes(1, e.getKey());
                        statement = delete;
                    } else {
                        merge.setBytes(1, e.getKey());
                        merge.setBytes(2, e.getValue().value());
                        merge.setLong(3, e.getValue().expiresAt());
                        statement = merge;
                    }
                    if (pending != null && pending != statement) {
                        pending.executeBatch();
                    }
                    statement.addBatch();
                    pending = statement;
                }
                if (pending != null) {
                    pending.executeBatch();
                }
            }
            return null;
        });
    }

    /**
     * Under its key's lock too: threads of this process then queue for the key in the JVM, which
     * is much cheaper than all of them waiting on H2's row lock, and do not race to insert it.
     */
    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        Lock[] locked = keyLocks.lock(List.of(key), true);
        try {
            return computeLocked(key, update);
        } finally {
            KeyLocks.unlock(locked);
        }
    }

    private StoredValue computeLocked(byte[] key, UnaryOperator<StoredValue> update) {
        boolean[] wrote = new boolean[1];
        StoredValue result = transaction(c -> {
            StoredValue current;
            try (PreparedStatement s = c.prepareStatement("SELECT v, expires_at FROM kv WHERE k = ? FOR UPDATE")) {
                s.setBytes(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    current = rs.next() ? new StoredValue(rs.getBytes(1), rs.getLong(2)) : null;
                }
            }
            StoredValue next = update.apply(current);
            wrote[0] = next != current;
            if (next == current) {
                return next;
            }
            String sql = next == null ? "DELETE FROM kv WHERE k = ?"
                    : current == null ? "INSERT INTO kv (v, expires_at, k) VALUES (?, ?, ?)"
                    : "UPDATE kv SET v = ?, expires_at = ? WHERE k = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (next == null) {
                    s.setBytes(1, key);
                } else {
                    s.setBytes(1, next.value());
                    s.setLong(2, next.expiresAt());
                    s.setBytes(3, key);
                }
                s.executeUpdate();
            }
            return next;
        });
        if (wrote[0]) {
            durability.written();
        }
        return result;
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, false, PAGE_ROWS, this::page, visitor);
    }

    /** H2 reads the primary key's index backwards for {@code ORDER BY k DESC}, from the page's end. */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, true, PAGE_ROWS, this::page, visitor);
    }

    private PagedScan.Page page(byte[] start, boolean startInclusive, byte[] to, boolean descending, int limit) {
        return transaction(c -> {
            Range range = new Range(start, startInclusive, to);
            List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>();
            List<byte[]> large = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT k, expires_at, CASE WHEN OCTET_LENGTH(v) <= "
                    + INLINE_VALUE_BYTES + " THEN v END FROM kv" + range.where()
                    + " ORDER BY k" + (descending ? " DESC" : "") + " LIMIT ?")) {
                int next = range.bind(s);
                s.setInt(next, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byte[] value = rs.getBytes(3);
                        if (value == null) {
                            large.add(rs.getBytes(1));
                        }
                        entries.add(new SimpleEntry<>(rs.getBytes(1), value == null ? null : new StoredValue(value, rs.getLong(2))));
                    }
                }
            }
            boolean last = entries.size() < limit;
            if (!large.isEmpty()) {
                // one by one; a key deleted meanwhile is left out (the scan is weakly consistent)
                Map<ByteBuffer, StoredValue> values = read(c, large);
                entries.replaceAll(e -> e.getValue() != null ? e : new SimpleEntry<>(e.getKey(), values.get(ByteBuffer.wrap(e.getKey()))));
                entries.removeIf(e -> e.getValue() == null);
            }
            return new PagedScan.Page(entries, last);
        });
    }

    @Override
    public long count(byte[] from, byte[] to) {
        return transaction(c -> {
            Range range = new Range(from, true, to);
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM kv" + range.where())) {
                range.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public long deleteRange(byte[] from, byte[] to) {
        long deleted;
        Lock[] locked = keyLocks.lockAll();
        try {
            deleted = transaction(c -> {
                Range range = new Range(from, true, to);
                try (PreparedStatement s = c.prepareStatement("DELETE FROM kv" + range.where())) {
                    range.bind(s);
                    return s.executeLargeUpdate();
                }
            });
        } finally {
            KeyLocks.unlock(locked);
        }
        if (deleted > 0) {
            durability.written();
        }
        return deleted;
    }

    /** {@code from <= k < to} (or {@code from < k}), with {@code null} bounds left out. */
    private record Range(byte[] from, boolean fromInclusive, byte[] to) {
        String where() {
            List<String> conditions = new ArrayList<>();
            if (from != null) {
                conditions.add(fromInclusive ? "k >= ?" : "k > ?");
            }
            if (to != null) {
                conditions.add("k < ?");
            }
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        /** Binds the bounds; returns the next parameter index. */
        int bind(PreparedStatement s) throws SQLException {
            int i = 1;
            if (from != null) {
                s.setBytes(i++, from);
            }
            if (to != null) {
                s.setBytes(i++, to);
            }
            return i;
        }
    }

    @Override
    public void awaitDurable() {
        checkOpen();
        durability.awaitDurable();
    }

    /** The {@link Durability} sync; after close there is nothing left to sync. */
    private void checkpoint() throws SQLException {
        lock.readLock().lock();
        try {
            if (!closed) {
                try (Statement s = admin.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            // syncs what was written, and stops the background syncs before the database closes
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
            pool.close();
            try (admin; Statement s = admin.createStatement()) {
                if (embedded) {
                    s.execute("SHUTDOWN");
                }
            }
        } catch (SQLException e) {
            StorageException closing = new StorageException("cannot close the H2 store " + url + ": " + e.getMessage(), e);
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

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction and commits it; runs it again when H2 reports a
     * conflict with a concurrent transaction (a deadlock, a lock timeout, a duplicate key from a
     * racing insert). A {@link RuntimeException} from {@code work} rolls back and propagates as it is.
     */
    private <T> T transaction(Work<T> work) {
        lock.readLock().lock();
        try {
            checkOpen();
            for (int attempt = 1; ; attempt++) {
                try (Connection c = pool.getConnection()) {
                    try {
                        T result = work.run(c);
                        c.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        rollback(c, e);
                        throw e;
                    }
                } catch (SQLException e) {
                    if (attempt < MAX_ATTEMPTS && isConflict(e)) {
                        continue;
                    }
                    throw new StorageException("the H2 store " + url + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean isConflict(SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.DEADLOCK_1, ErrorCode.LOCK_TIMEOUT_1, ErrorCode.CONCURRENT_UPDATE_1, ErrorCode.DUPLICATE_KEY_1 -> true;
            default -> false;
        };
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the H2 store " + url + " is closed");
        }
    }
}

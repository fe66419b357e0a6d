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
import java.sql.Array;
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
 * The store as two tables of an H2 database: {@code ks(k VARBINARY PRIMARY KEY)} holds the bare
 * records (an empty value and no expiry: sorted-set score entries, set members, ...) as their key
 * alone, {@code kv(k VARBINARY PRIMARY KEY, v VARBINARY, expires_at BIGINT)} every other record;
 * a key is in one of them. H2 (MVStore) keeps a {@code VARBINARY} primary key as an index beside
 * the rows, so each row a scan of {@code kv} returns costs a second B-tree descent to fetch it;
 * a scan of {@code ks} reads only {@code k}, which the index holds, so it reads the index alone.
 * (A covering index on {@code kv} would do that too, but every write would update three B-trees.)
 * H2 orders {@code VARBINARY} as unsigned bytes. A {@code schema_version} table says which
 * layout the database has: version 1, {@code kv} alone, is migrated at open; a database of a
 * newer version is refused.
 *
 * <p>Every call is one transaction on a pooled connection; multi-key reads and writes also take
 * {@link KeyLocks} (see {@link #getAll} for why). {@link #compute} locks its row with
 * {@code SELECT ... FOR UPDATE} in both tables, so it is atomic even against other processes
 * sharing an H2 server; when the key is absent there is no row to lock, and two computes racing
 * to insert it into one table end in a duplicate key for one of them, which then runs again
 * (into the two tables they can both succeed: see {@link #compute}). Batches write their keys
 * table by table in key order, so concurrent batches cannot deadlock. Scans, in either
 * direction, read pages by key (keyset pagination) from both tables and merge them, so that a
 * huge table is never loaded at once.
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

    private static final int SCHEMA_VERSION = 2;
    private static final int PAGE_ROWS = 256;
    /** Larger values are left out of scan pages and read one by one, to bound a page's size. */
    private static final int INLINE_VALUE_BYTES = 64 * 1024;
    private static final int MAX_ATTEMPTS = 100;
    /** A record of {@code ks}; an empty array cannot be changed, so one instance serves all. */
    private static final StoredValue BARE = new StoredValue(new byte[0], StoredValue.NO_EXPIRY);
    private static final String BARE_IN_KV = "OCTET_LENGTH(v) = 0 AND expires_at = " + StoredValue.NO_EXPIRY;

    /** The two tables, with what a statement needs to differ between them. */
    private enum Table {
        KV("kv", "k, v, expires_at", "?, ?, ?",
                "k, expires_at, CASE WHEN OCTET_LENGTH(v) <= " + INLINE_VALUE_BYTES + " THEN v END"),
        KS("ks", "k", "?", "k");

        final String name;
        final String columns;
        final String parameters;
        /** What a scan page reads: {@code kv} leaves large values out (see {@link H2StorageEngine#page}). */
        final String pageColumns;

        Table(String name, String columns, String parameters, String pageColumns) {
            this.name = name;
            this.columns = columns;
            this.parameters = parameters;
            this.pageColumns = pageColumns;
        }

        static Table of(StoredValue value) {
            return isBare(value) ? KS : KV;
        }

        String insert() {
            return "INSERT INTO " + name + " (" + columns + ") VALUES (" + parameters + ")";
        }

        String delete() {
            return "DELETE FROM " + name + " WHERE k = ?";
        }

        String merge() {
            return "MERGE INTO " + name + " (" + columns + ") KEY (k) VALUES (" + parameters + ")";
        }

        void bindRow(PreparedStatement s, byte[] key, StoredValue value) throws SQLException {
            s.setBytes(1, key);
            if (this == KV) {
                s.setBytes(2, value.value());
                s.setLong(3, value.expiresAt());
            }
        }

        /** A row of a page: a large value of {@code kv} is {@code null}, for the caller to read. */
        Map.Entry<byte[], StoredValue> pageRow(ResultSet rs) throws SQLException {
            if (this == KS) {
                return new SimpleEntry<>(rs.getBytes(1), BARE);
            }
            byte[] value = rs.getBytes(3);
            return new SimpleEntry<>(rs.getBytes(1), value == null ? null : new StoredValue(value, rs.getLong(2)));
        }
    }

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

    /**
     * Creates the tables, or migrates a version 1 store: its bare records move from {@code kv} to
     * {@code ks} in one transaction with the new version, after the table is created (H2 commits
     * DDL at once), so an open that stops half-way leaves version 1 for the next to migrate.
     */
    private static void createSchema(Connection admin, String url) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY)");
            int version;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version > SCHEMA_VERSION) {
                throw new StorageException("the H2 store " + url + " has schema version " + version
                        + ", newer than this simpleredis understands (" + SCHEMA_VERSION
                        + "): run the simpleredis that wrote it, or a newer one");
            }
            s.execute("CREATE TABLE IF NOT EXISTS kv ("
                    + "k VARBINARY PRIMARY KEY, v VARBINARY NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS ks (k VARBINARY PRIMARY KEY)");
            admin.setAutoCommit(false);
            try {
                if (version == 1) {
                    s.execute("INSERT INTO ks SELECT k FROM kv WHERE " + BARE_IN_KV);
                    s.execute("DELETE FROM kv WHERE " + BARE_IN_KV);
                }
                s.execute("MERGE INTO schema_version KEY (version) VALUES (" + SCHEMA_VERSION + ")");
                admin.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(admin, e);
                throw e;
            } finally {
                admin.setAutoCommit(true);
            }
        }
    }

    private static boolean isBare(StoredValue value) {
        return value.value().length == 0 && value.expiresAt() == StoredValue.NO_EXPIRY;
    }

    @Override
    public StoredValue get(byte[] key) {
        return transaction(c -> read(c, List.of(key), false).get(ByteBuffer.wrap(key)));
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
            found = transaction(c -> read(c, keys, false));
        } finally {
            KeyLocks.unlock(locked);
        }
        List<StoredValue> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(found.get(ByteBuffer.wrap(key)));
        }
        return values;
    }

    /**
     * The values of those of {@code keys} that exist, in one statement over both tables, which
     * locks their rows when {@code forUpdate}. A key found in both (see {@link #compute})
     * reads as its {@code kv} record.
     */
    private static Map<ByteBuffer, StoredValue> read(Connection c, List<byte[]> keys, boolean forUpdate) throws SQLException {
        String condition = (keys.size() == 1 ? "k = ?" : "k = ANY(?)") + (forUpdate ? " FOR UPDATE" : "");
        Map<ByteBuffer, StoredValue> values = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("(SELECT k, v, expires_at FROM kv WHERE " + condition
                + ") UNION ALL (SELECT k, X'', " + StoredValue.NO_EXPIRY + " FROM ks WHERE " + condition + ")")) {
            Array array = keys.size() == 1 ? null : c.createArrayOf("VARBINARY", keys.toArray());
            for (int i = 1; i <= 2; i++) {
                if (array == null) {
                    s.setBytes(i, keys.getFirst());
                } else {
                    s.setArray(i, array);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StoredValue value = new StoredValue(rs.getBytes(2), rs.getLong(3));
                    values.merge(ByteBuffer.wrap(rs.getBytes(1)), value, (a, b) -> isBare(a) ? b : a);
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

    /**
     * One table after the other, each in key order: every key has one statement per table (a put
     * there, or a delete, which removes a put's key from the other table), so the rows are still
     * locked in one order, by table and then key.
     */
    private void writeInOrder(List<Range> ranges, TreeMap<byte[], StoredValue> last) {
        transaction(c -> {
            for (Table table : Table.values()) {
                writeTable(c, table, ranges, last);
            }
            return null;
        });
    }

    private static void writeTable(Connection c, Table table, List<Range> ranges, TreeMap<byte[], StoredValue> last)
            throws SQLException {
        for (Range range : ranges) {
            deleteRange(c, table, range);
        }
        try (PreparedStatement merge = c.prepareStatement(table.merge());
             PreparedStatement delete = c.prepareStatement(table.delete())) {
            PreparedStatement pending = null;
            for (Map.Entry<byte[], StoredValue> e : last.entrySet()) {
                PreparedStatement statement;
                if (e.getValue() == null || Table.of(e.getValue()) != table) {
                    delete.setBytes(1, e.getKey());
                    statement = delete;
                } else {
                    table.bindRow(merge, e.getKey(), e.getValue());
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
    }

    /**
     * Under its key's lock too: threads of this process then queue for the key in the JVM, which
     * is much cheaper than all of them waiting on H2's row lock, and do not race to insert it.
     *
     * <p>Processes sharing an H2 server can still race: two that find the key absent (or one
     * that moves it while another waits for its row) and insert it into the same table meet at
     * its primary key, but into different tables nothing stops both, as no H2 constraint spans
     * two tables and neither transaction sees the other's uncommitted row; only a lock row per
     * key in one table would, a third B-tree write this layout exists to avoid. The key is then
     * in both: reads give its {@code kv} record, a delete removes both, a put the other one.
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
            StoredValue current = read(c, List.of(key), true).get(ByteBuffer.wrap(key));
            StoredValue next = update.apply(current);
            wrote[0] = next != current;
            if (next == current) {
                return next;
            }
            Table source = current == null ? null : Table.of(current);
            Table target = next == null ? null : Table.of(next);
            for (Table table : Table.values()) { // in table order, as batches lock rows
                if (table != target) {
                    // a delete clears both tables, in case a race left the key in both (see compute)
                    if (table == source || next == null) {
                        try (PreparedStatement s = c.prepareStatement(table.delete())) {
                            s.setBytes(1, key);
                            s.executeUpdate();
                        }
                    }
                } else if (table != source || table == Table.KV) { // a ks row already there is the whole record
                    // INSERT where the row was absent, so that a racing insert fails and this runs again
                    try (PreparedStatement s = c.prepareStatement(table == source ? table.merge() : table.insert())) {
                        table.bindRow(s, key, next);
                        s.executeUpdate();
                    }
                }
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

    /** Up to {@code limit} entries from both tables; the last page when both ran out within it. */
    private PagedScan.Page page(byte[] start, boolean startInclusive, byte[] to, boolean descending, int limit) {
        return transaction(c -> {
            Range range = new Range(start, startInclusive, to);
            List<Map.Entry<byte[], StoredValue>> kv = pageOf(c, Table.KV, range, descending, limit);
            List<Map.Entry<byte[], StoredValue>> ks = pageOf(c, Table.KS, range, descending, limit);
            List<Map.Entry<byte[], StoredValue>> merged = merge(kv, ks, descending);
            boolean last = kv.size() < limit && ks.size() < limit && merged.size() <= limit;
            List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>(merged.subList(0, Math.min(limit, merged.size())));
            List<byte[]> large = new ArrayList<>();
            for (Map.Entry<byte[], StoredValue> e : entries) {
                if (e.getValue() == null) {
                    large.add(e.getKey());
                }
            }
            if (!large.isEmpty()) {
                // one by one; a key deleted meanwhile is left out (the scan is weakly consistent)
                Map<ByteBuffer, StoredValue> values = read(c, large, false);
                entries.replaceAll(e -> e.getValue() != null ? e : new SimpleEntry<>(e.getKey(), values.get(ByteBuffer.wrap(e.getKey()))));
                entries.removeIf(e -> e.getValue() == null);
            }
            return new PagedScan.Page(entries, last);
        });
    }

    private static List<Map.Entry<byte[], StoredValue>> pageOf(Connection c, Table table, Range range, boolean descending,
                                                               int limit) throws SQLException {
        List<Map.Entry<byte[], StoredValue>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + table.pageColumns + " FROM " + table.name
                + range.where() + " ORDER BY k" + (descending ? " DESC" : "") + " LIMIT ?")) {
            s.setInt(range.bind(s), limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(table.pageRow(rs));
                }
            }
        }
        return rows;
    }

    /**
     * Two pages in one order merged, by unsigned key order; a key in both tables (see
     * {@link #compute}) is its {@code kv} entry.
     */
    private static List<Map.Entry<byte[], StoredValue>> merge(List<Map.Entry<byte[], StoredValue>> kv,
            List<Map.Entry<byte[], StoredValue>> ks, boolean descending) {
        List<Map.Entry<byte[], StoredValue>> merged = new ArrayList<>(kv.size() + ks.size());
        int i = 0;
        int j = 0;
        while (i < kv.size() || j < ks.size()) {
            int order = i == kv.size() ? 1 : j == ks.size() ? -1
                    : Integer.signum(Arrays.compareUnsigned(kv.get(i).getKey(), ks.get(j).getKey())) * (descending ? -1 : 1);
            if (order > 0) {
                merged.add(ks.get(j++));
            } else {
                merged.add(kv.get(i++));
                if (order == 0) {
                    j++;
                }
            }
        }
        return merged;
    }

    @Override
    public long count(byte[] from, byte[] to) {
        return transaction(c -> {
            Range range = new Range(from, true, to);
            long count = 0;
            for (Table table : Table.values()) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table.name + range.where())) {
                    range.bind(s);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        count += rs.getLong(1);
                    }
                }
            }
            return count;
        });
    }

    @Override
    public long deleteRange(byte[] from, byte[] to) {
        long deleted;
        Lock[] locked = keyLocks.lockAll();
        try {
            deleted = transaction(c -> {
                Range range = new Range(from, true, to);
                long count = 0;
                for (Table table : Table.values()) {
                    count += deleteRange(c, table, range);
                }
                return count;
            });
        } finally {
            KeyLocks.unlock(locked);
        }
        if (deleted > 0) {
            durability.written();
        }
        return deleted;
    }

    private static long deleteRange(Connection c, Table table, Range range) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table.name + range.where())) {
            range.bind(s);
            return s.executeLargeUpdate();
        }
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

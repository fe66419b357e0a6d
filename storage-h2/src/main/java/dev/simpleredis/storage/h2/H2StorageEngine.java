package dev.simpleredis.storage.h2;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.simpleredis.api.storage.Durability;
import dev.simpleredis.api.storage.Durability.WhenNo;
import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.PagedScan;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;

/**
 * The store as two tables of an H2 database: {@code keys(id BIGINT PRIMARY KEY, k VARBINARY
 * UNIQUE)} holds every record's key, {@code vals(id BIGINT PRIMARY KEY, v VARBINARY, expires_at
 * BIGINT)} the value and expiry of a record under its key's id. A bare record (an empty value
 * and no expiry: sorted-set score entries, set members, ...) is its key alone. Ids come from
 * the sequence {@code key_ids} and are never used again, so a value row whose key was deleted
 * (see {@link #write}) can never be read as another key's. H2 orders {@code VARBINARY} as
 * unsigned bytes.
 *
 * <p>Why two tables. H2 (MVStore) keeps a table as a map from an integer row key to the row,
 * and every other index, a {@code VARBINARY} primary key too, as one more map; changing a row
 * finds it through the index and rewrites it in every map. Most writes change the value of a key
 * that exists (SET over a key, a hash field, a sorted set's member, a collection's size), and
 * here that rewrites one row of {@code vals}, found by its integer key; the key's two maps
 * change only when a key comes or goes. H2 alone on one core, a 32-byte value among 100,000
 * keys: an overwrite took 73 µs with one table keyed by {@code k}, 36 µs here; a read 42 µs
 * against 11 µs. The unique index on {@code k} orders scans and holds {@code id} beside
 * {@code k}, so a scan reads it and {@code vals} by id. When this engine is the database's only
 * user it also remembers the ids of recently read and written keys ({@link KeyIds}), so that an
 * overwrite changes the value row by its id without looking the key up: in the server, that took
 * a quarter off the event loop's CPU time per SET. A {@code schema_version} table says which
 * layout the database has: versions 1 and 2 (the records in {@code kv}, the bare ones of version
 * 2 in {@code ks}) are migrated at open; a database of a newer version is refused.
 *
 * <p>Every call is one transaction on a pooled connection, in H2's default READ COMMITTED; writes
 * also take {@link KeyLocks} (see {@link #getAll} for why), so within this process a key has one
 * writer at a time. Against other processes sharing an H2 server: {@link #compute} locks its key's
 * row with {@code SELECT ... FOR UPDATE}, and when the key is absent inserts it with a plain
 * {@code INSERT}, so two computes racing on it end in a duplicate key for one of them, which then
 * runs again. Writes end the same way when two insert one key; a write that finds a key's rows
 * gone under it leaves the value row it wrote without its key, unreachable, as if it had been
 * deleted just after. Scans, in either direction, read pages by key (keyset pagination), so that a
 * huge table is never loaded at once.
 *
 * <p>Durability. For an embedded database the engine alone writes H2's file: H2's background
 * writer is off, and write transactions and the engine's stores take turns ({@link #storeGate}).
 * H2 stores what its maps hold, uncommitted changes too, and undoes those at the next open; but
 * after {@code kill -9} a store that had run beside write transactions did not always come back
 * whole. {@code KillTest} (four threads writing under {@code everysec}, a kill every 1-2 s) found
 * a key row without its value row, or one missing from the unique index, after the 2nd to 4th
 * kill in 4 runs of 4; with turns but H2's background writer still on, a run of 40 kills ended in
 * a file H2 would not open ("Double mark", H2 issue 2752); with both, none in 233 kills, and
 * {@code CrashIT} under {@code everysec} lost nothing in 100. H2 alone (four threads each
 * inserting a key row and a value row per transaction, {@code CHECKPOINT SYNC} each second) came
 * back broken the same way on 2.3.232 and 2.5.252. The compaction the background writer did runs
 * in the engine's stores, at most once a second ({@link #COMPACT_FILL_RATE}).
 *
 * <p>Under {@code always} and {@code everysec}, a store of its own (an embedded file, no
 * AUTO_SERVER) keeps a {@link RedoLog} beside the database: each write is numbered and its record
 * appended in commit order, a {@link Durability} sync writes out and forces the log, and every
 * 16 MB of log the database is stored and forced ({@code CHECKPOINT SYNC}) and the log emptied;
 * under {@code everysec} the records also reach the OS before the writes are acknowledged. A
 * {@code CHECKPOINT SYNC} per group commit writes out every page the writes changed: with 50
 * clients doing SET over 100,000 keys that is about 125 pages a time. {@link #recover} says how
 * the log is replayed. Otherwise a sync is the store ({@code CHECKPOINT}) between write
 * transactions and then, for an embedded file, the force of the file, which changes nothing in it,
 * so writes go on meanwhile: under {@code always} as a group commit before writes are
 * acknowledged, under {@code everysec} and, without the force, under {@code no} once a second. A
 * store shared through an H2 server, which other processes write too, syncs with
 * {@code CHECKPOINT SYNC}, and under {@code no} is left to the server.
 *
 * <p>One connection outside the pool runs the schema, the syncs and, for an embedded database,
 * the final {@code SHUTDOWN}: closing the pool first and then the database is the order H2 and
 * HikariCP need, and that connection keeps the embedded database open until then.
 */
final class H2StorageEngine implements StorageEngine {

    private static final int SCHEMA_VERSION = 3;
    /**
     * How full, in percent, the compaction in a sync makes the chunks it rewrites (H2's own
     * background default is 90). Under random updates of a large store, 90 kept it rewriting chunks
     * and multiplied the write work: ZADD to a 1,000,000-member sorted set ran at 3-5k/s with 90,
     * 7-8k/s with 50.
     */
    static final int COMPACT_FILL_RATE = 50;
    /** Bytes of chunks the compaction rewrites at most per run, and how often it runs at most. */
    private static final int COMPACT_WRITE_BYTES = 4 << 20;
    private static final long COMPACT_EVERY_NANOS = 1_000_000_000L;
    private static final int PAGE_ROWS = 256;
    /** Larger values are left out of scan pages and read one by one, to bound a page's size. */
    private static final int INLINE_VALUE_BYTES = 64 * 1024;
    private static final int MAX_ATTEMPTS = 100;
    /** The most H2 makes MVStore's write buffer (see {@link #raiseWriteBuffer}). */
    private static final int H2_WRITE_BUFFER_BYTES = 19 << 20;
    /** How {@link #claim} names an in-memory database, which has no files. */
    private static final String MEMORY_NAME = "mem:";
    /**
     * The redo log's size at which the database takes in what it holds: what a start may have
     * to replay, about 200,000 SETs of small values.
     */
    static final long REDO_CHECKPOINT_BYTES = 16L << 20;
    /** A bare record; an empty array cannot be changed, so one instance serves all. */
    private static final StoredValue BARE = new StoredValue(new byte[0], StoredValue.NO_EXPIRY);
    private static final String BARE_IN_KV = "OCTET_LENGTH(v) = 0 AND expires_at = " + StoredValue.NO_EXPIRY;
    private static final String ID_OF_K = "(SELECT id FROM keys WHERE k = ?)";

    /** The value of a key that has one; no row when it is bare or absent. */
    private static final String UPDATE_VALUE = "UPDATE vals SET v = ?, expires_at = ? WHERE id = " + ID_OF_K;
    /** The same, by the key's id (see {@link KeyIds}). */
    private static final String UPDATE_BY_ID = "UPDATE vals SET v = ?, expires_at = ? WHERE id = ?";
    /** A key's row, if it has none. */
    private static final String ADD_KEY = "MERGE INTO keys USING (VALUES CAST(? AS VARBINARY)) s(k) ON keys.k = s.k"
            + " WHEN NOT MATCHED THEN INSERT (id, k) VALUES (NEXT VALUE FOR key_ids, s.k)";
    /** A key's row; a duplicate key when there is one. */
    private static final String INSERT_KEY = "INSERT INTO keys (id, k) VALUES (NEXT VALUE FOR key_ids, ?)";
    /** The value of a key that has none; a duplicate key when it has one. */
    private static final String INSERT_VALUE = "INSERT INTO vals (id, v, expires_at) VALUES (" + ID_OF_K + ", ?, ?)";
    private static final String DELETE_VALUE = "DELETE FROM vals WHERE id = " + ID_OF_K;

    /**
     * The embedded databases this process has open, by the name H2 gives them: one engine each.
     * Two would share the database but neither its key ids nor its key locks, and the first to
     * close would shut it down under the other.
     */
    private static final Set<String> OPEN_EMBEDDED = ConcurrentHashMap.newKeySet();

    private final String url;
    private final boolean embedded;
    /** This engine's entry in {@link #OPEN_EMBEDDED}, or null. */
    private final String claimed;
    private final Connection admin;
    private final HikariDataSource pool;
    private final Durability durability;
    /** Calls take the read side; close takes the write side, to wait for calls in flight. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Multi-key reads against multi-key writes of this process (see {@link #getAll}), and computes. */
    private final KeyLocks keyLocks = new KeyLocks();
    /** Null unless this engine is the database's only user ({@link #isSoleUser}). */
    private final KeyIds keyIds;
    /**
     * Write transactions take it, and so does a store, so that H2's file is stored between
     * transactions, never beside one (see Durability above); the redo log's order is then the
     * order in which writes committed.
     */
    private final ReentrantLock storeGate = new ReentrantLock();
    /** The embedded database's store, whose background writer is off; null for an H2 server or in memory. */
    private final MVStore store;
    /** When the store was last compacted; under {@link #storeGate}. */
    private long compacted = System.nanoTime();
    /** Where the redo log of an embedded file database is, logging or not; else null. */
    private final Path redoFile;
    /** The redo log, if writes are logged: see the class comment. */
    private final RedoLog redo;
    /** When {@link #redo} holds this much, the database takes in what it holds and it starts again. */
    private final long redoCheckpointBytes;
    /** The number of the last record logged; under {@link #storeGate}. */
    private long lsn;
    /** While the log is replayed at open: replayed writes are not logged again, nor is the log synced. */
    private volatile boolean recovering;
    private volatile boolean closed;

    private H2StorageEngine(String url, String claimed, Connection admin, HikariDataSource pool, Fsync fsync, MVStore store,
                            Path redoFile, RedoLog redo, long redoCheckpointBytes) {
        this.url = url;
        this.claimed = claimed;
        this.embedded = isEmbedded(url);
        this.keyIds = isSoleUser(url) ? new KeyIds(Runtime.getRuntime().maxMemory()) : null;
        this.admin = admin;
        this.pool = pool;
        this.store = store;
        this.redoFile = redoFile;
        this.redo = redo;
        this.redoCheckpointBytes = redoCheckpointBytes;
        this.recovering = redoFile != null;
        this.durability = new Durability(fsync, "h2", store == null ? WhenNo.OS_DECIDES : WhenNo.EVERY_SECOND,
                redo != null ? this::syncLog : this::checkpoint);
    }

    private static boolean isEmbedded(String url) {
        return !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    /**
     * Whether an engine on {@code url} is the database's only user: embedded, and without
     * AUTO_SERVER, which would let other processes in. H2 locks an embedded file against other
     * processes, and {@link #OPEN_EMBEDDED} keeps a second engine of this one out.
     */
    static boolean isSoleUser(String url) {
        return isEmbedded(url) && !url.toUpperCase(Locale.ROOT).replace(" ", "").contains(";AUTO_SERVER=TRUE");
    }

    static H2StorageEngine open(String url, String user, String password, int poolSize, Fsync fsync) {
        return open(url, user, password, poolSize, fsync, REDO_CHECKPOINT_BYTES);
    }

    static H2StorageEngine open(String url, String user, String password, int poolSize, Fsync fsync, long redoCheckpointBytes) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser(user);
        database.setPassword(password);
        Connection admin = null;
        String claimed = null;
        RedoLog redo = null;
        H2StorageEngine engine;
        try {
            admin = database.getConnection();
            if (isEmbedded(url)) {
                claimed = claim(admin, url);
            }
            createSchema(admin, url);
            MVStore store = isEmbedded(url) ? takeOverStores(admin, url) : null;
            // the log is replayed whatever fsync is now
            Path redoFile = isSoleUser(url) && claimed != null ? redoFile(claimed) : null;
            redo = redoFile != null && fsync != Fsync.NO ? RedoLog.open(redoFile) : null;
            HikariConfig config = new HikariConfig();
            config.setDataSource(database);
            config.setPoolName("simpleredis-h2");
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(poolSize);
            config.setAutoCommit(false);
            engine = new H2StorageEngine(url, claimed, admin, new HikariDataSource(config), fsync, store,
                    redoFile, redo, redoCheckpointBytes);
        } catch (IOException | SQLException | RuntimeException e) {
            if (claimed != null) {
                OPEN_EMBEDDED.remove(claimed);
            }
            if (redo != null) {
                try {
                    redo.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
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
        try {
            engine.recover();
        } catch (RuntimeException e) {
            try {
                engine.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return engine;
    }

    /**
     * The redo log beside the files of the embedded database H2 names {@code name}, or null for
     * one in memory. H2 names a file database by its path with its file systems' prefixes
     * ({@code retry:/data/simpleredis}); those of two letters or more are not drive letters.
     */
    static Path redoFile(String name) {
        String path = name;
        for (int colon = path.indexOf(':'); colon >= 2 && path.substring(0, colon).chars().allMatch(Character::isLetter);
             colon = path.indexOf(':')) {
            if (path.startsWith("mem")) { // mem: (see claim), memFS:, memLZF:
                return null;
            }
            path = path.substring(colon + 1);
        }
        return Path.of(path + RedoLog.SUFFIX);
    }

    /**
     * Turns off the background writer of the embedded database {@code admin} is connected to, so
     * that only this engine's syncs store it, raises its write buffer ({@link #raiseWriteBuffer}),
     * and returns its store; null for an in-memory database, which has no file. H2's SQL has no
     * way to: its write delay cannot be negative, and 0 stores after every commit (a fifth of the
     * acknowledged writes per second, measured).
     */
    private static MVStore takeOverStores(Connection admin, String url) throws SQLException {
        if (admin.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                && session.getDatabase().getStore() != null) {
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.getFileStore() == null) {
                return null;
            }
            store.setAutoCommitDelay(-1);
            raiseWriteBuffer(store, writeBufferBytes(Runtime.getRuntime().maxMemory()));
            return store;
        }
        throw new StorageException("cannot take over the stores of the embedded H2 database " + url);
    }

    /**
     * The write buffer for a heap of {@code maxHeapBytes}: a quarter of it, at most what an int
     * holds, never below H2's own.
     */
    static int writeBufferBytes(long maxHeapBytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(H2_WRITE_BUFFER_BYTES, maxHeapBytes / 4));
    }

    /**
     * Sets how much MVStore lets changed pages weigh, by its estimate, before a commit stores them
     * in the committing thread, between the engine's syncs. H2 fixes that at 19 MB at most, with
     * no setting, and counts each change of a page at the whole page, so with the background
     * writer off the event loop stored the database about every 400 SETs: 31% of its time (JFR,
     * {@code fsync=no}, SET at P=1, 50 clients). A quarter of the heap leaves stores to the syncs,
     * and SET ran 1.53 times as fast (7 alternating runs). The estimate counts every copy of a
     * page, so the pages really held unstored stay below it. When the JVM does not let the field
     * be set, H2's buffer stays, and only speed is lost.
     */
    static void raiseWriteBuffer(MVStore store, int bytes) {
        try {
            Field buffer = MVStore.class.getDeclaredField("autoCommitMemory");
            buffer.setAccessible(true);
            buffer.setInt(store, bytes);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(H2StorageEngine.class.getName()).log(System.Logger.Level.WARNING,
                    "H2's write buffer stays at " + store.getAutoCommitMemory() + " bytes, so commits store the database"
                            + " more often and writes run slower: " + e);
        }
    }

    /** Enters the embedded database {@code admin} is connected to in {@link #OPEN_EMBEDDED}; fails if it is there. */
    private static String claim(Connection admin, String url) throws SQLException {
        String name;
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(DATABASE_PATH(), '" + MEMORY_NAME + "' || DATABASE())")) {
            rs.next();
            name = rs.getString(1);
        }
        if (!OPEN_EMBEDDED.add(name)) {
            throw new StorageException("the H2 store " + url + " is already open in this process: an embedded store"
                    + " takes one engine (share one through an H2 server, jdbc:h2:tcp://..., instead)");
        }
        return name;
    }

    /**
     * Creates the tables, or migrates a version 1 or 2 store: its records are copied into the new
     * tables in one transaction with the new version, after the tables are created (H2 commits
     * DDL at once), so an open that stops half-way leaves the old version for the next to migrate;
     * the old tables are dropped once the new version is committed.
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
            s.execute("CREATE TABLE IF NOT EXISTS keys (id BIGINT PRIMARY KEY, k VARBINARY NOT NULL, CONSTRAINT keys_k UNIQUE (k))");
            s.execute("CREATE TABLE IF NOT EXISTS vals (id BIGINT PRIMARY KEY, v VARBINARY NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("CREATE SEQUENCE IF NOT EXISTS key_ids");
            s.execute("CREATE TABLE IF NOT EXISTS redo_lsn (id INT PRIMARY KEY, lsn BIGINT NOT NULL)");
            if (version == 1) {
                s.execute("CREATE TABLE IF NOT EXISTS ks (k VARBINARY PRIMARY KEY)"); // so that both migrate alike
            }
            admin.setAutoCommit(false);
            try {
                if (version == 1 || version == 2) {
                    s.execute("DELETE FROM vals"); // what a migration that stopped before its commit left
                    s.execute("DELETE FROM keys");
                    // a key that a race left in both tables (version 2) is its kv record, as it read
                    s.execute("INSERT INTO keys (id, k) SELECT NEXT VALUE FOR key_ids, k FROM (SELECT k FROM kv UNION SELECT k FROM ks)");
                    s.execute("INSERT INTO vals (id, v, expires_at) SELECT keys.id, kv.v, kv.expires_at"
                            + " FROM kv JOIN keys ON keys.k = kv.k WHERE NOT (" + BARE_IN_KV + ")");
                }
                s.execute("MERGE INTO redo_lsn USING (VALUES 0) s(id) ON redo_lsn.id = s.id WHEN NOT MATCHED THEN INSERT (id, lsn) VALUES (0, 0)");
                s.execute("MERGE INTO schema_version KEY (version) VALUES (" + SCHEMA_VERSION + ")");
                admin.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(admin, e);
                throw e;
            } finally {
                admin.setAutoCommit(true);
            }
            s.execute("DROP TABLE IF EXISTS kv");
            s.execute("DROP TABLE IF EXISTS ks");
        }
    }

    private static boolean isBare(StoredValue value) {
        return value.value().length == 0 && value.expiresAt() == StoredValue.NO_EXPIRY;
    }

    @Override
    public StoredValue get(byte[] key) {
        return transaction(c -> read(c, List.of(key)).get(ByteBuffer.wrap(key)));
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

    /** The records of those of {@code keys} that exist, in one statement; notes the ids of those with a value. */
    private Map<ByteBuffer, StoredValue> read(Connection c, List<byte[]> keys) throws SQLException {
        Map<ByteBuffer, StoredValue> values = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT keys.k, vals.v, vals.expires_at, vals.id FROM keys"
                + " LEFT JOIN vals ON vals.id = keys.id WHERE keys.k" + oneOrAny(keys.size()))) {
            bindOneOrAll(c, s, "VARBINARY", keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byte[] key = rs.getBytes(1);
                    byte[] value = rs.getBytes(2);
                    values.put(ByteBuffer.wrap(key), value == null ? BARE : new StoredValue(value, rs.getLong(3)));
                    if (value != null && keyIds != null) {
                        keyIds.put(key, rs.getLong(4));
                    }
                }
            }
        }
        return values;
    }

    /** Notes the ids of {@code keys}, which have just been given value rows. */
    private void learnIds(Connection c, List<byte[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT k, id FROM keys WHERE k" + oneOrAny(keys.size()))) {
            bindOneOrAll(c, s, "VARBINARY", keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keyIds.put(rs.getBytes(1), rs.getLong(2));
                }
            }
        }
    }

    /** The condition on a column for one value or a list of them; H2 looks each up in the column's index. */
    private static String oneOrAny(int size) {
        return size == 1 ? " = ?" : " = ANY(?)";
    }

    private static void bindOneOrAll(Connection c, PreparedStatement s, String type, List<?> values) throws SQLException {
        if (values.size() == 1) {
            s.setObject(1, values.getFirst());
        } else {
            s.setArray(1, c.createArrayOf(type, values.toArray()));
        }
    }

    /**
     * Deletes keys' rows, then the value rows under the ids they had: the key's row first, as
     * {@link #compute} locks them.
     */
    private static void deleteKeys(Connection c, List<byte[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(keys.size());
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM OLD TABLE (DELETE FROM keys WHERE k" + oneOrAny(keys.size()) + ")")) {
            bindOneOrAll(c, s, "VARBINARY", keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM vals WHERE id" + oneOrAny(ids.size()))) {
                bindOneOrAll(c, s, "BIGINT", ids);
                s.executeUpdate();
            }
        }
    }

    /**
     * Changes the values of keys that have one first, one statement each that leaves their key
     * rows alone; then adds the rows of keys that are new or were bare; then removes values and
     * keys. A range delete undoes the batch's earlier operations in its range; with those dropped,
     * the ranges can go first, and then each key's last operation decides the rest. Ranges lock
     * every key, as deleteRange does.
     */
    @Override
    public void write(WriteBatch batch) {
        if (batch.isEmpty()) {
            checkOpen();
            return;
        }
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
        List<Map.Entry<byte[], StoredValue>> valued = new ArrayList<>();
        List<byte[]> bare = new ArrayList<>();
        List<byte[]> deleted = new ArrayList<>();
        for (Map.Entry<byte[], StoredValue> e : last.entrySet()) {
            if (e.getValue() == null) {
                deleted.add(e.getKey());
            } else if (isBare(e.getValue())) {
                bare.add(e.getKey());
            } else {
                valued.add(e);
            }
        }
        Lock[] locked = ranges.isEmpty() ? keyLocks.lock(last.keySet(), true) : keyLocks.lockAll();
        try {
            writeTransaction(batch.size() > 1 || !ranges.isEmpty(), c -> {
                for (Range range : ranges) {
                    deleteRange(c, range);
                }
                List<byte[]> byKey = new ArrayList<>();
                int[] updated = updateValues(c, valued, byKey);
                List<Map.Entry<byte[], StoredValue>> added = new ArrayList<>();
                List<byte[]> keyed = new ArrayList<>(bare);
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] == 0) {
                        added.add(valued.get(i));
                        keyed.add(valued.get(i).getKey());
                    }
                }
                int[] created = execute(c, ADD_KEY, keyed, H2StorageEngine::bindKey);
                execute(c, INSERT_VALUE, added, H2StorageEngine::bindInsert);
                List<byte[]> unvalued = new ArrayList<>();
                for (int i = 0; i < bare.size(); i++) {
                    if (created[i] == 0) { // only a key that was there can have a value
                        unvalued.add(bare.get(i));
                    }
                }
                execute(c, DELETE_VALUE, unvalued, H2StorageEngine::bindKey);
                deleteKeys(c, deleted);
                if (keyIds != null) {
                    learnIds(c, byKey); // each now has a value row, updated or inserted
                }
                return null;
            }, (n, done) -> {
                redo.append(n, batch);
                return true;
            });
        } finally {
            KeyLocks.unlock(locked);
        }
        durability.written();
    }

    /**
     * {@link #UPDATE_VALUE} for each of {@code valued}, by id ({@link #UPDATE_BY_ID}) where
     * {@link #keyIds} knows it; returns the update count of each. An id that changed no row is
     * stale, and its key is tried again by key; {@code byKey} gets the keys that were.
     */
    private int[] updateValues(Connection c, List<Map.Entry<byte[], StoredValue>> valued, List<byte[]> byKey) throws SQLException {
        if (keyIds == null) {
            return execute(c, UPDATE_VALUE, valued, H2StorageEngine::bindValue);
        }
        List<Integer> known = new ArrayList<>();
        List<Map.Entry<Long, StoredValue>> byId = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < valued.size(); i++) {
            long id = keyIds.get(valued.get(i).getKey());
            if (id == KeyIds.UNKNOWN) {
                unknown.add(i);
            } else {
                known.add(i);
                byId.add(Map.entry(id, valued.get(i).getValue()));
            }
        }
        int[] updated = new int[valued.size()];
        int[] counts = execute(c, UPDATE_BY_ID, byId, H2StorageEngine::bindById);
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] == 0) {
                unknown.add(known.get(j));
            } else {
                updated[known.get(j)] = counts[j];
            }
        }
        unknown.forEach(i -> byKey.add(valued.get(i).getKey()));
        counts = execute(c, UPDATE_VALUE, unknown.stream().map(valued::get).toList(), H2StorageEngine::bindValue);
        for (int j = 0; j < counts.length; j++) {
            updated[unknown.get(j)] = counts[j];
        }
        return updated;
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement s, T row) throws SQLException;
    }

    private static void bindKey(PreparedStatement s, byte[] key) throws SQLException {
        s.setBytes(1, key);
    }

    private static void bindValue(PreparedStatement s, Map.Entry<byte[], StoredValue> e) throws SQLException {
        s.setBytes(1, e.getValue().value());
        s.setLong(2, e.getValue().expiresAt());
        s.setBytes(3, e.getKey());
    }

    private static void bindById(PreparedStatement s, Map.Entry<Long, StoredValue> e) throws SQLException {
        s.setBytes(1, e.getValue().value());
        s.setLong(2, e.getValue().expiresAt());
        s.setLong(3, e.getKey());
    }

    private static void bindInsert(PreparedStatement s, Map.Entry<byte[], StoredValue> e) throws SQLException {
        s.setBytes(1, e.getKey());
        s.setBytes(2, e.getValue().value());
        s.setLong(3, e.getValue().expiresAt());
    }

    /** Runs {@code sql} once per row, as one JDBC batch; returns the update count of each. */
    private static <T> int[] execute(Connection c, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (rows.size() == 1) {
                binder.bind(s, rows.getFirst());
                return new int[] {s.executeUpdate()};
            }
            for (T row : rows) {
                binder.bind(s, row);
                s.addBatch();
            }
            return s.executeBatch();
        }
    }

    /** Under its key's lock too: threads of this process then queue for the key in the JVM, which is much cheaper than all of them waiting on H2's row lock. */
    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        Lock[] locked = keyLocks.lock(List.of(key), true);
        boolean[] wrote = new boolean[1];
        StoredValue result;
        try {
            result = writeTransaction(false, c -> {
                Locked row = readLocked(c, key);
                StoredValue current = row == null ? null : row.value();
                StoredValue next = update.apply(current);
                wrote[0] = next != current;
                if (next == current) {
                    return next;
                }
                List<byte[]> one = List.of(key);
                if (current == null) {
                    execute(c, INSERT_KEY, one, H2StorageEngine::bindKey); // no row to lock: a racing insert fails and this runs again
                }
                if (next == null) {
                    deleteKeys(c, one);
                } else if (isBare(next)) {
                    if (current != null && !isBare(current)) {
                        execute(c, DELETE_VALUE, one, H2StorageEngine::bindKey);
                    }
                } else if (current == null || isBare(current)) {
                    execute(c, INSERT_VALUE, List.of(Map.entry(key, next)), H2StorageEngine::bindInsert);
                } else {
                    execute(c, UPDATE_BY_ID, List.of(Map.entry(row.id(), next)), H2StorageEngine::bindById);
                }
                return next;
            }, (n, next) -> {
                if (wrote[0]) {
                    redo.append(n, next == null ? new WriteBatch().delete(key) : new WriteBatch().put(key, next));
                }
                return wrote[0];
            });
        } finally {
            KeyLocks.unlock(locked);
        }
        if (wrote[0]) {
            durability.written();
        }
        return result;
    }

    /** A key's id and record, as {@link #readLocked} found them. */
    private record Locked(long id, StoredValue value) {
    }

    /**
     * A key's id and record, its rows locked: the key's row first, then, in a statement that
     * starts once that lock is held and so sees what its last holder committed, the value's row,
     * which a write changes without taking the key's. Null when the key is absent.
     */
    private static Locked readLocked(Connection c, byte[] key) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM keys WHERE k = ? FOR UPDATE")) {
            s.setBytes(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT v, expires_at FROM vals WHERE id = ? FOR UPDATE")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return new Locked(id, rs.next() ? new StoredValue(rs.getBytes(1), rs.getLong(2)) : BARE);
            }
        }
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, false, PAGE_ROWS, this::page, visitor);
    }

    /** H2 reads the index on {@code k} backwards for {@code ORDER BY k DESC}, from the page's end. */
    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        PagedScan.scan(from, to, true, PAGE_ROWS, this::page, visitor);
    }

    /**
     * Up to {@code limit} entries; the last page when the range ran out within it. A large value
     * is read on its own after the page, and a key deleted meanwhile is left out (the scan is
     * weakly consistent); a page all of whose keys went so reads on, as an empty page would end
     * the scan.
     */
    private PagedScan.Page page(byte[] start, boolean startInclusive, byte[] to, boolean descending, int limit) {
        return transaction(c -> {
            Range range = new Range(start, startInclusive, to);
            while (true) {
                List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>();
                List<byte[]> large = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT keys.k, vals.id, vals.expires_at, CASE WHEN OCTET_LENGTH(vals.v) <= "
                        + INLINE_VALUE_BYTES + " THEN vals.v END FROM keys LEFT JOIN vals ON vals.id = keys.id"
                        + range.where() + " ORDER BY keys.k" + (descending ? " DESC" : "") + " LIMIT ?")) {
                    s.setInt(range.bind(s), limit);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            byte[] key = rs.getBytes(1);
                            byte[] value = rs.getBytes(4);
                            if (rs.getObject(2) == null) {
                                entries.add(new SimpleEntry<>(key, BARE));
                            } else if (value == null) {
                                large.add(key);
                                entries.add(new SimpleEntry<>(key, null));
                            } else {
                                entries.add(new SimpleEntry<>(key, new StoredValue(value, rs.getLong(3))));
                            }
                        }
                    }
                }
                boolean last = entries.size() < limit;
                if (large.isEmpty()) {
                    return new PagedScan.Page(entries, last);
                }
                byte[] lastKey = entries.getLast().getKey();
                Map<ByteBuffer, StoredValue> values = read(c, large);
                entries.replaceAll(e -> e.getValue() != null ? e : new SimpleEntry<>(e.getKey(), values.get(ByteBuffer.wrap(e.getKey()))));
                entries.removeIf(e -> e.getValue() == null);
                if (!entries.isEmpty() || last) {
                    return new PagedScan.Page(entries, last);
                }
                range = descending ? new Range(range.from(), range.fromInclusive(), lastKey) : new Range(lastKey, false, range.to());
            }
        });
    }

    @Override
    public long count(byte[] from, byte[] to) {
        return transaction(c -> {
            Range range = new Range(from, true, to);
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM keys" + range.where())) {
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
            deleted = writeTransaction(true, c -> deleteRange(c, new Range(from, true, to)), (n, count) -> {
                redo.appendRange(n, from, to);
                return true;
            });
        } finally {
            KeyLocks.unlock(locked);
        }
        if (deleted > 0) {
            durability.written();
        }
        return deleted;
    }

    /** H2 runs the {@code IN} as a lookup of each id the index on {@code k} gives. */
    private static long deleteRange(Connection c, Range range) throws SQLException {
        try (PreparedStatement values = c.prepareStatement("DELETE FROM vals WHERE id IN (SELECT id FROM keys" + range.where() + ")");
             PreparedStatement keys = c.prepareStatement("DELETE FROM keys" + range.where())) {
            range.bind(values);
            values.executeLargeUpdate();
            range.bind(keys);
            return keys.executeLargeUpdate();
        }
    }

    /** {@code from <= k < to} (or {@code from < k}), with {@code null} bounds left out. */
    private record Range(byte[] from, boolean fromInclusive, byte[] to) {
        String where() {
            List<String> conditions = new ArrayList<>();
            if (from != null) {
                conditions.add(fromInclusive ? "keys.k >= ?" : "keys.k > ?");
            }
            if (to != null) {
                conditions.add("keys.k < ?");
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

    /**
     * Under {@code everysec} the log's records still reach the OS before the writes are
     * acknowledged, so that a crash of this process alone loses none of them.
     */
    @Override
    public void awaitDurable() {
        checkOpen();
        if (redo != null && durability.fsync() != Fsync.ALWAYS) {
            lock.readLock().lock();
            try {
                checkOpen();
                redo.writeOut();
            } catch (IOException e) {
                throw new StorageException("cannot write " + redo.file() + ": " + e, e);
            } finally {
                lock.readLock().unlock();
            }
        }
        durability.awaitDurable();
    }

    /** The {@link Durability} sync with a redo log: the log's, and a checkpoint when it has grown. */
    private void syncLog() throws IOException, SQLException {
        if (recovering) {
            return;
        }
        lock.readLock().lock();
        try {
            if (closed) {
                return;
            }
            redo.sync();
        } finally {
            lock.readLock().unlock();
        }
        if (redo.size() >= redoCheckpointBytes) {
            checkpointLog();
        }
    }

    /**
     * Makes the database hold every logged write durably, with the number of the last, and
     * empties the log. Writes wait meanwhile.
     */
    private void checkpointLog() throws IOException, SQLException {
        lock.readLock().lock();
        storeGate.lock();
        try {
            if (!closed) {
                setLsnDurably(lsn);
                redo.clear();
            }
        } finally {
            storeGate.unlock();
            lock.readLock().unlock();
        }
    }

    /** Stores {@code n} as the number of the last logged write the database holds, and makes all it holds durable. */
    private void setLsnDurably(long n) throws SQLException {
        setLsn(admin, n);
        try (Statement s = admin.createStatement()) {
            compactIfDue();
            s.execute("CHECKPOINT SYNC");
        }
    }

    private static void setLsn(Connection c, long n) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE redo_lsn SET lsn = ?")) {
            s.setLong(1, n);
            s.executeUpdate();
        }
    }

    /**
     * Replays the records of the redo log that the database does not hold, then checkpoints and,
     * unless writes are logged, removes the log. A crash can leave the database with writes the
     * log lacks and the log with writes the database lacks, since H2 also stores its maps in a
     * write transaction whose changes outgrow its buffer, and the log is written at each sync.
     * Records are after-images (a key's value, its deletion, a range's deletion), so replaying the
     * last writes of a key again gives it its last value; and a write of more than one key stores
     * its number in the database in its own transaction, so the database's number says which
     * records it holds for certain, and those are skipped: replaying one would undo part of a
     * later write of several keys. The store at the end takes its turn like any other: under
     * {@code no} the once-a-second sync may already run.
     */
    private void recover() {
        if (redoFile == null) {
            return;
        }
        try {
            long stored;
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT lsn FROM redo_lsn")) {
                rs.next();
                stored = rs.getLong(1);
            }
            long[] last = {stored};
            RedoLog.read(redoFile, entry -> {
                if (entry.lsn() > stored) {
                    replay(entry);
                }
                last[0] = Math.max(last[0], entry.lsn());
            });
            storeGate.lock();
            try {
                lsn = last[0];
                boolean found = Files.exists(redoFile);
                if (found && Files.size(redoFile) > 0) {
                    setLsnDurably(lsn);
                }
                // appends must not follow what the log held, a torn tail least of all
                if (redo != null) {
                    redo.clear();
                } else if (found) {
                    Files.delete(redoFile);
                }
            } finally {
                storeGate.unlock();
            }
        } catch (IOException | SQLException e) {
            throw new StorageException("cannot recover the H2 store " + url + " from " + redoFile + ": " + e, e);
        } finally {
            recovering = false;
        }
    }

    private void replay(RedoLog.Entry entry) {
        if (entry.ops().size() == 1 && entry.ops().getFirst() instanceof RedoLog.Range range) {
            deleteRange(range.from(), range.to());
            return;
        }
        WriteBatch batch = new WriteBatch();
        for (RedoLog.Op op : entry.ops()) {
            switch (op) {
                case RedoLog.Put put -> batch.put(put.key(), put.value());
                case RedoLog.Delete delete -> batch.delete(delete.key());
                case RedoLog.Range range when range.from() != null && range.to() != null -> batch.deleteRange(range.from(), range.to());
                case RedoLog.Range range -> throw new StorageException("record " + entry.lsn() + " of " + redoFile
                        + " has an unbounded range among other changes");
            }
        }
        write(batch);
    }

    /**
     * The {@link Durability} sync: the store, with the compaction of an embedded store at most once
     * a second, between write transactions; then, for an embedded store, the force of its file,
     * which changes nothing in it, so writes go on meanwhile (under {@code everysec}, SET at P=1:
     * 9 ms of store and 10 ms of force a second). After close there is nothing left to sync.
     */
    private void checkpoint() throws SQLException {
        boolean force = durability.fsync() != Fsync.NO;
        lock.readLock().lock();
        try {
            if (closed) {
                return;
            }
            storeGate.lock();
            try {
                compactIfDue();
                try (Statement s = admin.createStatement()) {
                    s.execute(force && store == null ? "CHECKPOINT SYNC" : "CHECKPOINT");
                }
            } finally {
                storeGate.unlock();
            }
            if (force && store != null) {
                store.sync();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Compacts an embedded store at most once a second; under {@link #storeGate}. */
    private void compactIfDue() {
        if (store != null && System.nanoTime() - compacted >= COMPACT_EVERY_NANOS) {
            store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES);
            compacted = System.nanoTime();
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
        boolean shutDown = false;
        lock.writeLock().lock(); // after every write, so that the last write's number is stored with it
        try {
            if (closed) {
                return;
            }
            closed = true;
            shutDown = true;
            pool.close();
            try (admin; Statement s = admin.createStatement()) {
                if (redo != null) {
                    setLsn(admin, lsn);
                }
                if (embedded) {
                    s.execute("SHUTDOWN"); // writes out everything, so the log is not needed
                }
            }
            if (redo != null) {
                try (redo) {
                    redo.clear();
                }
            }
        } catch (IOException | SQLException e) {
            StorageException closing = new StorageException("cannot close the H2 store " + url + ": " + e.getMessage(), e);
            if (failure != null) {
                closing.addSuppressed(failure);
            }
            failure = closing;
        } finally {
            if (shutDown && claimed != null) {
                OPEN_EMBEDDED.remove(claimed);
            }
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

    /** Appends the record of a committed write numbered {@code n}, which returned {@code result}; returns whether it did. */
    @FunctionalInterface
    private interface Record<T> {
        boolean append(long n, T result);
    }

    /**
     * {@link #transaction} for a write: between stores, never beside one, taking the locks in the
     * order a store takes them. With a redo log the write is numbered and its record appended
     * once it has committed; a write of {@code severalKeys} also stores its number in the
     * database (see {@link #recover}), and must append its record.
     */
    private <T> T writeTransaction(boolean severalKeys, Work<T> work, Record<T> record) {
        lock.readLock().lock();
        storeGate.lock();
        try {
            if (redo == null || recovering) {
                return transaction(work);
            }
            long n = lsn + 1;
            T result = transaction(severalKeys ? c -> {
                T done = work.run(c);
                setLsn(c, n);
                return done;
            } : work);
            if (record.append(n, result)) {
                lsn = n;
            }
            return result;
        } finally {
            storeGate.unlock();
            lock.readLock().unlock();
        }
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

package dev.simpleredis.server;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server's data, laid out on the engine's ordered byte-key store.
 *
 * <p>Layout: every engine key starts with the database number (one byte), so a database is one
 * key range. The next byte says what the record is: {@link #META} for a user key's own record
 * (for strings, the value itself, encoded as a RESP3 frame), with room for element records of
 * collections under other tags. Expired values are treated as absent and deleted when seen, or
 * by the {@link #expireDue active cycle}.
 *
 * <p>Callers hold the server's command lock, so each method, and each command made of several,
 * is atomic with respect to every other command.
 */
public final class Keyspace {

    static final byte META = 0;
    /** First byte of the server's own records, outside every database's range. */
    private static final byte SERVER = (byte) 0xFF;
    /** Which physical key range each database number uses; SWAPDB swaps two entries. */
    private static final byte[] DB_MAP_KEY = {SERVER, 'd', 'b', 'm', 'a', 'p'};

    private final StorageEngine engine;
    private final ExpiryIndex expiries = new ExpiryIndex();
    private final byte[] physical;
    /** INFO's statistics; like everything here, read and written under the command lock. */
    private long expiredKeys;
    private long hits;
    private long misses;
    /** Whether lookups count as keyspace hits and misses: true while a read-only command runs. */
    private boolean countLookups;

    /** A keyspace of {@code databases} databases (at most 255) over {@code engine}. */
    public Keyspace(StorageEngine engine, int databases) {
        this.engine = engine;
        this.physical = loadDbMap(engine, databases);
        engine.scan(null, new byte[] {SERVER}, (key, value) -> {
            if (key.length >= 2 && key[1] == META && value.hasExpiry()) {
                expiries.update(key, value.expiresAt());
            }
            return true;
        });
    }

    private static byte[] loadDbMap(StorageEngine engine, int databases) {
        StoredValue stored = engine.get(DB_MAP_KEY);
        byte[] map = stored == null ? new byte[0] : stored.value();
        byte[] physical = new byte[databases];
        for (int db = 0; db < databases; db++) {
            physical[db] = db < map.length ? map[db] : (byte) db;
        }
        return physical;
    }

    public int databases() {
        return physical.length;
    }

    public StorageEngine engine() {
        return engine;
    }

    /** The stored record of a live key, or null. */
    public StoredValue stored(int db, byte[] key) {
        byte[] k = metaKey(db, key);
        return counted(live(k, engine.get(k)));
    }

    public Value get(int db, byte[] key) {
        byte[] k = metaKey(db, key);
        StoredValue stored = counted(live(k, engine.get(k)));
        return stored == null ? null : decode(stored);
    }

    public List<Value> getAll(int db, List<byte[]> keys) {
        List<byte[]> engineKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            engineKeys.add(metaKey(db, key));
        }
        List<StoredValue> stored = engine.getAll(engineKeys);
        List<Value> values = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            StoredValue live = counted(live(engineKeys.get(i), stored.get(i)));
            values.add(live == null ? null : decode(live));
        }
        return values;
    }

    public void set(int db, byte[] key, Value value, long expiresAt) {
        byte[] k = metaKey(db, key);
        engine.put(k, new StoredValue(Encoder.encode(value, Dialect.RESP3), expiresAt));
        expiries.update(k, expiresAt);
    }

    /** Sets every pair, without expiry, in one atomic batch. */
    public void setAll(int db, List<byte[]> keys, List<Value> values) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = metaKey(db, keys.get(i));
            batch.put(k, StoredValue.of(Encoder.encode(values.get(i), Dialect.RESP3)));
        }
        engine.write(batch);
        for (WriteBatch.Op op : batch.ops()) {
            expiries.update(op.key(), StoredValue.NO_EXPIRY);
        }
    }

    /**
     * Sets or removes ({@code expiresAt == 0}) the expiry of a live key.
     *
     * @return whether the key exists
     */
    public boolean setExpiry(int db, byte[] key, long expiresAt) {
        byte[] k = metaKey(db, key);
        StoredValue stored = live(k, engine.get(k));
        if (stored == null) {
            return false;
        }
        engine.put(k, new StoredValue(stored.value(), expiresAt));
        expiries.update(k, expiresAt);
        return true;
    }

    /** Deletes the keys that exist and have not expired; returns how many that was. */
    public long delete(int db, List<byte[]> keys) {
        long now = System.currentTimeMillis();
        long deleted = 0;
        for (byte[] key : keys) {
            byte[] k = metaKey(db, key);
            boolean[] live = new boolean[1];
            engine.compute(k, current -> {
                live[0] = current != null && !current.isExpired(now);
                return null;
            });
            expiries.update(k, StoredValue.NO_EXPIRY);
            if (live[0]) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Empties database {@code db}; returns the number of keys it held. */
    public long flush(int db) {
        byte p = physical[db];
        long keys = size(db);
        engine.deleteRange(new byte[] {p}, new byte[] {(byte) (p + 1)});
        expiries.removeIf(k -> k[0] == p);
        return keys;
    }

    /** The number of keys in database {@code db}, expired ones not yet deleted included. */
    public long size(int db) {
        return engine.count(new byte[] {physical[db], META}, new byte[] {physical[db], (byte) (META + 1)});
    }

    /** Swaps the contents of two databases at once, by swapping which key ranges they use. */
    public void swap(int a, int b) {
        byte pa = physical[a];
        physical[a] = physical[b];
        physical[b] = pa;
        engine.put(DB_MAP_KEY, StoredValue.of(physical.clone()));
    }

    /**
     * Visits the live keys of database {@code db} from {@code from} (inclusive; null = from the
     * start), in byte order, until the visitor returns false.
     */
    public void scanKeys(int db, byte[] from, KeyVisitor visitor) {
        byte p = physical[db];
        byte[] start = from == null ? new byte[] {p, META} : metaKey(db, from);
        long now = System.currentTimeMillis();
        engine.scan(start, new byte[] {p, (byte) (META + 1)}, (key, value) ->
                value.isExpired(now) || visitor.visit(Arrays.copyOfRange(key, 2, key.length), value));
    }

    /** Sees one key of a {@link #scanKeys scan}. */
    @FunctionalInterface
    public interface KeyVisitor {
        boolean visit(byte[] key, StoredValue value);
    }

    /** The smallest key after {@code key}. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    /** Stores a record as it is, expiry included, replacing what the key held. */
    public void put(int db, byte[] key, StoredValue stored) {
        byte[] k = metaKey(db, key);
        engine.put(k, stored);
        expiries.update(k, stored.expiresAt());
    }

    /** Moves a live key's record to another name and database, replacing what was there, in one batch. */
    public void rename(int srcDb, byte[] src, int dstDb, byte[] dst) {
        byte[] from = metaKey(srcDb, src);
        byte[] to = metaKey(dstDb, dst);
        StoredValue stored = live(from, engine.get(from));
        if (stored == null || Arrays.equals(from, to)) {
            return;
        }
        engine.write(new WriteBatch().delete(from).put(to, stored));
        expiries.update(from, StoredValue.NO_EXPIRY);
        expiries.update(to, stored.expiresAt());
    }

    /**
     * Deletes up to {@code max} keys whose expiry is at or before {@code now}.
     *
     * @return how many keys were deleted
     */
    public int expireDue(long now, int max) {
        int deleted = 0;
        for (byte[] k : expiries.pollDue(now, max)) {
            boolean[] expired = new boolean[1];
            engine.compute(k, current -> {
                expired[0] = current != null && current.isExpired(now);
                return expired[0] ? null : current;
            });
            if (expired[0]) {
                deleted++;
            }
        }
        expiredKeys += deleted;
        return deleted;
    }

    /** Keys with an expiry in database {@code db} (expired ones not yet deleted included), for INFO. */
    public int volatileKeys(int db) {
        return expiries.size(physical[db]);
    }

    /** Keys deleted because they expired, on access or by the active cycle, since start or resetStats. */
    public long expiredKeys() {
        return expiredKeys;
    }

    /** Lookups of live keys by read-only commands. */
    public long keyspaceHits() {
        return hits;
    }

    /** Lookups of absent keys by read-only commands. */
    public long keyspaceMisses() {
        return misses;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        expiredKeys = 0;
        hits = 0;
        misses = 0;
    }

    /** Whether the lookups of the command about to run count as hits and misses (Redis counts reads). */
    public void countLookups(boolean value) {
        countLookups = value;
    }

    private StoredValue counted(StoredValue stored) {
        if (countLookups) {
            if (stored == null) {
                misses++;
            } else {
                hits++;
            }
        }
        return stored;
    }

    /** Keys with an expiry that the active cycle is tracking. */
    public int volatileKeys() {
        return expiries.size();
    }

    /** {@code stored} if it is live; an expired one is deleted and reads as absent. */
    private StoredValue live(byte[] engineKey, StoredValue stored) {
        if (stored == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (stored.isExpired(now)) {
            engine.compute(engineKey, current -> current != null && current.isExpired(now) ? null : current);
            expiries.update(engineKey, StoredValue.NO_EXPIRY);
            expiredKeys++;
            return null;
        }
        return stored;
    }

    /** The value a stored record holds. */
    public static Value decode(StoredValue stored) {
        try {
            return Decoder.decode(stored.value());
        } catch (ProtocolException e) {
            throw new StorageException("a stored value is not a valid frame: " + e.getMessage(), e);
        }
    }

    /** The engine key of user key {@code key} in database {@code db}. */
    private byte[] metaKey(int db, byte[] key) {
        return metaKey(physical[db], key);
    }

    static byte[] metaKey(byte physicalDb, byte[] key) {
        byte[] k = new byte[key.length + 2];
        k[0] = physicalDb;
        k[1] = META;
        System.arraycopy(key, 0, k, 2, key.length);
        return k;
    }
}

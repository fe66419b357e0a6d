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
import dev.simpleredis.server.command.CommandException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server's data, laid out on the engine's ordered byte-key store.
 *
 * <p>Layout: every engine key starts with the database number (one byte), so a database is one
 * key range. The next byte says what the record is:
 * <ul>
 * <li>{@link #META} + user key: the key's own record. For a string, the value itself as a RESP3
 *     frame; for a collection, its {@link Meta} (type, size, list ends). It carries the expiry.
 * <li>{@link #ELEMENT} + key length (4 bytes) + user key + element key: one record per list
 *     element, hash field, set member or sorted-set entry, so a collection is never one blob
 *     rewritten on every change. The length makes one key's elements one contiguous range that
 *     no other key's elements fall into.
 * </ul>
 * Expired keys are treated as absent and deleted when seen, or by the {@link #expireDue active
 * cycle}.
 *
 * <p>Writes go to a {@link WriteBuffer} that the server {@link #commit commits} after each
 * command (or MULTI/EXEC, or script) as one batch, or {@link #discard discards} when it fails.
 * Callers hold the server's command lock, so each method, and each command made of several, is
 * atomic with respect to every other command.
 */
public final class Keyspace {

    static final byte META = 0;
    static final byte ELEMENT = 1;
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    /** First byte of the server's own records, outside every database's range. */
    private static final byte SERVER = (byte) 0xFF;
    /** Which physical key range each database number uses; SWAPDB swaps two entries. */
    private static final byte[] DB_MAP_KEY = {SERVER, 'd', 'b', 'm', 'a', 'p'};

    private final WriteBuffer engine;
    private final ExpiryIndex expiries = new ExpiryIndex();
    /**
     * The meta keys of collections, so that overwriting a key with a string knows without a read
     * whether there are element records to delete. Built at start, kept by every write here.
     */
    private final java.util.Set<ByteKey> collections = new java.util.HashSet<>();
    /** Meta keys written since the last commit: what {@link #discard} must re-read. */
    private final java.util.Set<ByteKey> touched = new java.util.HashSet<>();
    private final byte[] physical;
    /** INFO's statistics; like everything here, read and written under the command lock. */
    private long expiredKeys;
    private long hits;
    private long misses;
    /** Whether lookups count as keyspace hits and misses: true while a read-only command runs. */
    private boolean countLookups;

    /** A keyspace of {@code databases} databases (at most 255) over {@code engine}. */
    public Keyspace(StorageEngine engine, int databases) {
        this.engine = new WriteBuffer(engine);
        this.physical = loadDbMap(engine, databases);
        for (int p = 0; p < 255; p++) {
            engine.scan(new byte[] {(byte) p, META}, new byte[] {(byte) p, META + 1}, (key, value) -> {
                if (value.hasExpiry()) {
                    expiries.update(key, value.expiresAt());
                }
                if (KeyType.of(value) != KeyType.STRING) {
                    collections.add(new ByteKey(key));
                }
                return true;
            });
        }
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

    /** The engine, under the buffer of the running command. */
    public StorageEngine engine() {
        return engine.base();
    }

    /**
     * Writes what the command just run changed, as one atomic batch, and tells {@code changes}
     * (when not null) which keys that touched.
     */
    public void commit(Changes changes) {
        WriteBatch batch;
        try {
            batch = engine.commit();
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
        touched.clear();
        if (changes == null || batch.isEmpty()) {
            return;
        }
        for (WriteBatch.Op op : batch.ops()) {
            byte[] k = op.key();
            int db = logical(k[0]);
            if (db < 0) {
                continue;
            }
            if (op instanceof WriteBatch.DeleteRange range && range.to().length == 1) {
                changes.flushed(db);
            } else if (k.length >= 2 && k[1] == META) {
                changes.changed(db, Arrays.copyOfRange(k, 2, k.length));
            } else if (k.length >= 6 && k[1] == ELEMENT) {
                int length = ((k[2] & 0xFF) << 24) | ((k[3] & 0xFF) << 16) | ((k[4] & 0xFF) << 8) | (k[5] & 0xFF);
                changes.changed(db, Arrays.copyOfRange(k, 6, 6 + length));
            }
        }
    }

    /** Whether the running command has written nothing yet. */
    public boolean nothingWritten() {
        return engine.isEmpty();
    }

    /** Drops what the command just run wrote: it failed, and must change nothing. */
    public void discard() {
        engine.discard();
        for (ByteKey key : touched) {
            StoredValue stored = engine.get(key.bytes());
            track(key.bytes(), stored);
        }
        touched.clear();
    }

    /** Told which keys a committed command wrote. */
    public interface Changes {
        void changed(int db, byte[] key);

        /** Every key of the database was deleted. */
        void flushed(int db);
    }

    /** The database number that uses physical range {@code p}, or -1 for the server's own records. */
    private int logical(byte p) {
        for (int db = 0; db < physical.length; db++) {
            if (physical[db] == p) {
                return db;
            }
        }
        return -1;
    }

    /** The stored record of a live key, or null. */
    public StoredValue stored(int db, byte[] key) {
        byte[] k = metaKey(db, key);
        return counted(live(k, engine.get(k)));
    }

    /** A live key's type, or null when it does not exist. */
    public KeyType type(int db, byte[] key) {
        StoredValue stored = stored(db, key);
        return stored == null ? null : KeyType.of(stored);
    }

    /** A live string's value, or null; WRONGTYPE for a collection. */
    public Value get(int db, byte[] key) {
        StoredValue stored = stored(db, key);
        return stored == null ? null : decode(stored);
    }

    /** The values of live strings, null for absent keys and for collections (as MGET wants). */
    public List<Value> getAll(int db, List<byte[]> keys) {
        List<byte[]> engineKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            engineKeys.add(metaKey(db, key));
        }
        List<StoredValue> stored = engine.getAll(engineKeys);
        List<Value> values = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            StoredValue live = counted(live(engineKeys.get(i), stored.get(i)));
            values.add(live == null || KeyType.of(live) != KeyType.STRING ? null : decode(live));
        }
        return values;
    }

    /** Makes {@code key} a string, replacing what it held (a collection's elements too). */
    public void set(int db, byte[] key, Value value, long expiresAt) {
        writeMeta(metaKey(db, key), new StoredValue(Encoder.encode(value, Dialect.RESP3), expiresAt));
    }

    /** Sets every pair, without expiry (one batch, with the command's other writes). */
    public void setAll(int db, List<byte[]> keys, List<Value> values) {
        for (int i = 0; i < keys.size(); i++) {
            set(db, keys.get(i), values.get(i), StoredValue.NO_EXPIRY);
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
        StoredValue updated = new StoredValue(stored.value(), expiresAt);
        engine.put(k, updated);
        track(k, updated);
        return true;
    }

    /** Deletes the keys that exist and have not expired; returns how many that was. */
    public long delete(int db, List<byte[]> keys) {
        long deleted = 0;
        for (byte[] key : keys) {
            byte[] k = metaKey(db, key);
            if (live(k, engine.get(k)) != null) {
                remove(k);
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
        collections.removeIf(k -> k.bytes()[0] == p);
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

    /**
     * Copies a live key, elements and expiry included, to another name and database, replacing
     * what was there.
     *
     * @return whether the source existed
     */
    public boolean copy(int srcDb, byte[] src, int dstDb, byte[] dst) {
        byte[] from = metaKey(srcDb, src);
        byte[] to = metaKey(dstDb, dst);
        StoredValue stored = live(from, engine.get(from));
        if (stored == null) {
            return false;
        }
        if (Arrays.equals(from, to)) {
            return true;
        }
        remove(to);
        if (KeyType.of(stored) != KeyType.STRING) {
            byte[] fromPrefix = elementPrefix(from);
            byte[] toPrefix = elementPrefix(to);
            List<byte[][]> elements = new ArrayList<>();
            engine.scan(fromPrefix, prefixEnd(fromPrefix), (key, value) -> {
                elements.add(new byte[][] {key, value.value()});
                return true;
            });
            for (byte[][] e : elements) {
                byte[] k = Arrays.copyOf(toPrefix, toPrefix.length + e[0].length - fromPrefix.length);
                System.arraycopy(e[0], fromPrefix.length, k, toPrefix.length, e[0].length - fromPrefix.length);
                engine.put(k, StoredValue.of(e[1]));
            }
        }
        writeMeta(to, stored);
        return true;
    }

    /** Moves a live key, elements and expiry included, to another name and database, replacing what was there. */
    public void rename(int srcDb, byte[] src, int dstDb, byte[] dst) {
        if (copy(srcDb, src, dstDb, dst) && !Arrays.equals(metaKey(srcDb, src), metaKey(dstDb, dst))) {
            remove(metaKey(srcDb, src));
        }
    }

    /**
     * Deletes up to {@code max} keys whose expiry is at or before {@code now}.
     *
     * @return how many keys were deleted
     */
    public int expireDue(long now, int max) {
        int deleted = 0;
        for (byte[] k : expiries.pollDue(now, max)) {
            StoredValue current = engine.get(k);
            if (current != null && current.isExpired(now)) {
                remove(k);
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
        // most keys never expire: those need no clock
        if (stored.hasExpiry() && stored.isExpired(System.currentTimeMillis())) {
            remove(engineKey);
            expiredKeys++;
            return null;
        }
        return stored;
    }

    /** The value a string's record holds; WRONGTYPE for a collection's. */
    public static Value decode(StoredValue stored) {
        if (KeyType.of(stored) != KeyType.STRING) {
            throw new CommandException(WRONGTYPE);
        }
        try {
            return Decoder.decode(stored.value());
        } catch (ProtocolException e) {
            throw new StorageException("a stored value is not a valid frame: " + e.getMessage(), e);
        }
    }

    // ---- collections ----------------------------------------------------------------------

    /**
     * A collection's record: its type, number of elements, and for a list the index of its first
     * element and the index after its last (elements are keyed by index, so pushing at either
     * end is one write).
     */
    public record Meta(KeyType type, long size, long head, long tail, long expiresAt) {

        /** A new, empty collection. */
        public static Meta empty(KeyType type) {
            return new Meta(type, 0, 0, 0, StoredValue.NO_EXPIRY);
        }

        public Meta withSize(long value) {
            return new Meta(type, value, head, tail, expiresAt);
        }

        public Meta withEnds(long newHead, long newTail) {
            return new Meta(type, newTail - newHead, newHead, newTail, expiresAt);
        }

        byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(type == KeyType.LIST ? 25 : 9).put(type.code()).putLong(size);
            if (type == KeyType.LIST) {
                b.putLong(head).putLong(tail);
            }
            return b.array();
        }

        static Meta decode(StoredValue stored) {
            ByteBuffer b = ByteBuffer.wrap(stored.value());
            KeyType type = KeyType.of(stored);
            b.get();
            long size = b.getLong();
            return type == KeyType.LIST
                    ? new Meta(type, size, b.getLong(), b.getLong(), stored.expiresAt())
                    : new Meta(type, size, 0, 0, stored.expiresAt());
        }
    }

    /**
     * The record of collection {@code key}, or null when the key does not exist.
     *
     * @throws CommandException WRONGTYPE when the key holds another type
     */
    public Meta collection(int db, byte[] key, KeyType type) {
        StoredValue stored = stored(db, key);
        if (stored == null) {
            return null;
        }
        if (KeyType.of(stored) != type) {
            throw new CommandException(WRONGTYPE);
        }
        return Meta.decode(stored);
    }

    /** Checks that {@code key} is absent or of {@code type}, without counting a lookup. */
    public void checkType(int db, byte[] key, KeyType type) {
        byte[] k = metaKey(db, key);
        StoredValue stored = live(k, engine.get(k));
        if (stored != null && KeyType.of(stored) != type) {
            throw new CommandException(WRONGTYPE);
        }
    }

    /**
     * Stores a collection's record; one of size 0 deletes the key, elements included, as Redis
     * removes an emptied collection.
     */
    public void putCollection(int db, byte[] key, Meta meta) {
        byte[] k = metaKey(db, key);
        if (meta.size() <= 0) {
            remove(k);
        } else {
            StoredValue value = new StoredValue(meta.encode(), meta.expiresAt());
            engine.put(k, value);
            track(k, value);
        }
    }

    /** An element's value, or null. */
    public byte[] element(int db, byte[] key, byte[] element) {
        StoredValue stored = engine.get(elementKey(db, key, element));
        return stored == null ? null : stored.value();
    }

    public void putElement(int db, byte[] key, byte[] element, byte[] value) {
        engine.put(elementKey(db, key, element), StoredValue.of(value));
    }

    public void deleteElement(int db, byte[] key, byte[] element) {
        engine.delete(elementKey(db, key, element));
    }

    /** Deletes the elements of {@code key} from element key {@code from} (inclusive; null = the first) to {@code to} (exclusive; null = past the last). */
    public void deleteElements(int db, byte[] key, byte[] from, byte[] to) {
        byte[] prefix = elementPrefix(metaKey(db, key));
        engine.deleteRange(from == null ? prefix : concat(prefix, from), to == null ? prefixEnd(prefix) : concat(prefix, to));
    }

    /**
     * Visits the elements of collection {@code key} from element key {@code from} (inclusive;
     * null = the first) to {@code to} (exclusive; null = past the last), in byte order, until the
     * visitor returns false. The visitor gets element keys without the collection's prefix.
     */
    public void scanElements(int db, byte[] key, byte[] from, byte[] to, ElementVisitor visitor) {
        scanElements(db, key, from, to, false, visitor);
    }

    /** {@link #scanElements(int, byte[], byte[], byte[], ElementVisitor)} from the last element down. */
    public void scanElementsDescending(int db, byte[] key, byte[] from, byte[] to, ElementVisitor visitor) {
        scanElements(db, key, from, to, true, visitor);
    }

    private void scanElements(int db, byte[] key, byte[] from, byte[] to, boolean descending, ElementVisitor visitor) {
        byte[] prefix = elementPrefix(metaKey(db, key));
        byte[] start = from == null ? prefix : concat(prefix, from);
        byte[] end = to == null ? prefixEnd(prefix) : concat(prefix, to);
        StorageEngine.Visitor v = (k, value) -> visitor.visit(Arrays.copyOfRange(k, prefix.length, k.length), value.value());
        if (descending) {
            engine.scanDescending(start, end, v);
        } else {
            engine.scan(start, end, v);
        }
    }

    /** Sees one element of a {@link #scanElements scan}. */
    @FunctionalInterface
    public interface ElementVisitor {
        boolean visit(byte[] element, byte[] value);
    }

    // ---- records --------------------------------------------------------------------------

    /** Replaces a key's record; a collection it held loses its elements. */
    private void writeMeta(byte[] k, StoredValue value) {
        dropElements(k);
        engine.put(k, value);
        track(k, value);
    }

    /** Deletes a key: its record and, for a collection, its elements. */
    private void remove(byte[] k) {
        dropElements(k);
        engine.delete(k);
        track(k, null);
    }

    private void dropElements(byte[] k) {
        if (collections.contains(new ByteKey(k))) {
            byte[] prefix = elementPrefix(k);
            engine.deleteRange(prefix, prefixEnd(prefix));
        }
    }

    /** Keeps the expiry and collection indexes in step with what meta key {@code k} now holds. */
    private void track(byte[] k, StoredValue now) {
        ByteKey key = new ByteKey(k);
        touched.add(key);
        expiries.update(k, now == null ? StoredValue.NO_EXPIRY : now.expiresAt());
        if (now != null && KeyType.of(now) != KeyType.STRING) {
            collections.add(key);
        } else {
            collections.remove(key);
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

    /** Where the elements of the key with meta key {@code metaKey} begin. */
    private static byte[] elementPrefix(byte[] metaKey) {
        int length = metaKey.length - 2;
        byte[] p = new byte[length + 6];
        p[0] = metaKey[0];
        p[1] = ELEMENT;
        p[2] = (byte) (length >>> 24);
        p[3] = (byte) (length >>> 16);
        p[4] = (byte) (length >>> 8);
        p[5] = (byte) length;
        System.arraycopy(metaKey, 2, p, 6, length);
        return p;
    }

    private byte[] elementKey(int db, byte[] key, byte[] element) {
        return concat(elementPrefix(metaKey(db, key)), element);
    }

    /** The first key after every key that starts with {@code prefix}. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        throw new IllegalArgumentException("no key follows a prefix of 0xFF bytes");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

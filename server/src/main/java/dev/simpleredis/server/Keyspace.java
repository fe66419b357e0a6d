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
import java.util.List;

/**
 * The server's data, laid out on the engine's ordered byte-key store.
 *
 * <p>Layout: every engine key starts with the database number (one byte), so a database is one
 * key range. The next byte says what the record is: {@link #META} for a user key's own record
 * (for strings, the value itself, encoded as a RESP3 frame), with room for element records of
 * collections under other tags. Expired values are treated as absent and deleted when seen.
 */
public final class Keyspace {

    static final byte META = 0;

    private final StorageEngine engine;

    public Keyspace(StorageEngine engine) {
        this.engine = engine;
    }

    public StorageEngine engine() {
        return engine;
    }

    public Value get(int db, byte[] key) {
        byte[] k = metaKey(db, key);
        return live(k, engine.get(k));
    }

    public List<Value> getAll(int db, List<byte[]> keys) {
        List<byte[]> engineKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            engineKeys.add(metaKey(db, key));
        }
        List<StoredValue> stored = engine.getAll(engineKeys);
        List<Value> values = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            values.add(live(engineKeys.get(i), stored.get(i)));
        }
        return values;
    }

    public void set(int db, byte[] key, Value value, long expiresAt) {
        engine.put(metaKey(db, key), new StoredValue(Encoder.encode(value, Dialect.RESP3), expiresAt));
    }

    /** Sets every pair in one atomic batch. */
    public void setAll(int db, List<byte[]> keys, List<Value> values) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < keys.size(); i++) {
            batch.put(metaKey(db, keys.get(i)), StoredValue.of(Encoder.encode(values.get(i), Dialect.RESP3)));
        }
        engine.write(batch);
    }

    /** Deletes the keys that exist and have not expired; returns how many that was. */
    public long delete(int db, List<byte[]> keys) {
        long now = System.currentTimeMillis();
        long deleted = 0;
        for (byte[] key : keys) {
            boolean[] live = new boolean[1];
            engine.compute(metaKey(db, key), current -> {
                live[0] = current != null && !current.isExpired(now);
                return null;
            });
            if (live[0]) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Empties database {@code db}; returns the number of keys it held. */
    public long flush(int db) {
        long keys = engine.count(new byte[] {(byte) db, META}, new byte[] {(byte) db, (byte) (META + 1)});
        engine.deleteRange(new byte[] {(byte) db}, new byte[] {(byte) (db + 1)});
        return keys;
    }

    private Value live(byte[] engineKey, StoredValue stored) {
        if (stored == null) {
            return null;
        }
        if (stored.isExpired(System.currentTimeMillis())) {
            engine.compute(engineKey, current -> current != null && current.isExpired(System.currentTimeMillis()) ? null : current);
            return null;
        }
        try {
            return Decoder.decode(stored.value());
        } catch (ProtocolException e) {
            throw new StorageException("stored value under key " + new String(engineKey, 2, engineKey.length - 2,
                    java.nio.charset.StandardCharsets.UTF_8) + " is not a valid frame: " + e.getMessage(), e);
        }
    }

    static byte[] metaKey(int db, byte[] key) {
        byte[] k = new byte[key.length + 2];
        k[0] = (byte) db;
        k[1] = META;
        System.arraycopy(key, 0, k, 2, key.length);
        return k;
    }
}

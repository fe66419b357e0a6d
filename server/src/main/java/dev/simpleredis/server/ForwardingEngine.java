package dev.simpleredis.server;

import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An engine that passes every call to another one, its own faster methods included; a subclass
 * changes what it needs to.
 */
abstract class ForwardingEngine implements StorageEngine {

    protected final StorageEngine engine;

    ForwardingEngine(StorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public void write(WriteBatch batch) {
        engine.write(batch);
    }

    @Override
    public StoredValue get(byte[] key) {
        return engine.get(key);
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        return engine.getAll(keys);
    }

    @Override
    public StoredValue compute(byte[] key, UnaryOperator<StoredValue> update) {
        return engine.compute(key, update);
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
        engine.scan(from, to, visitor);
    }

    @Override
    public void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        engine.scanDescending(from, to, visitor);
    }

    @Override
    public void awaitDurable() {
        engine.awaitDurable();
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public void put(byte[] key, StoredValue value) {
        engine.put(key, value);
    }

    @Override
    public boolean delete(byte[] key) {
        return engine.delete(key);
    }

    @Override
    public long deleteRange(byte[] from, byte[] to) {
        return engine.deleteRange(from, to);
    }

    @Override
    public long count(byte[] from, byte[] to) {
        return engine.count(from, to);
    }

    @Override
    public boolean compact() {
        return engine.compact();
    }
}

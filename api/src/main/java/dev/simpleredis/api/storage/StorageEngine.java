package dev.simpleredis.api.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An ordered byte-key store: the whole contract between the server and a storage engine.
 *
 * <p>Keys are compared as unsigned bytes ({@link java.util.Arrays#compareUnsigned(byte[], byte[])});
 * values are {@link StoredValue}s, opaque to the engine. The server lays every Redis type out
 * on top of this (one metadata record per user key, one record per collection element under the
 * key's prefix), so an engine only has to be a correct ordered map with atomic batches, atomic
 * read-modify-write and range scans.
 *
 * <p>Thread safety: every method may be called from many threads at once. Each single call is
 * atomic: a reader sees all of a {@link #write(WriteBatch) batch} or none of it.
 *
 * <p>Durability: a write is visible as soon as the call returns. It is on disk, per the
 * {@link Fsync} setting the engine was opened with, once {@link #awaitDurable()} has returned.
 * The server calls {@code awaitDurable()} before it acknowledges writes, so concurrent clients
 * share one sync (group commit).
 *
 * <p>Engines implement {@link #get}, {@link #getAll}, {@link #write}, {@link #compute}, {@link #scan},
 * {@link #awaitDurable} and {@link #close}; the other methods have correct defaults that an
 * engine may replace with faster native ones. {@code StorageEngineContract} in the api test-jar
 * checks all of them.
 */
public interface StorageEngine extends AutoCloseable {

    /**
     * The value stored under {@code key}, or {@code null}. Expired values are returned as stored.
     * No later write changes a value returned here, nor one given to {@link #write} or returned
     * by {@link #compute} or a scan: an engine that reuses its storage for an overwrite keeps it
     * apart from every array it hands out or takes in.
     */
    StoredValue get(byte[] key);

    /**
     * Applies every operation of {@code batch} atomically, in order: range deletes included, so
     * a put before a {@link WriteBatch.DeleteRange} that covers its key is undone by it.
     */
    void write(WriteBatch batch);

    /**
     * Atomically replaces the value under {@code key} with {@code update.apply(current)}
     * ({@code current} is {@code null} when absent; returning {@code null} deletes the key).
     * The function may be called more than once under contention and must have no side effects
     * other than on its own result; if it throws, nothing is written and the exception propagates.
     *
     * @return the new value, or {@code null} if the key is now absent
     */
    StoredValue compute(byte[] key, UnaryOperator<StoredValue> update);

    /**
     * Visits the entries with {@code from <= key < to} in ascending key order until the visitor
     * returns {@code false}. A {@code null} bound is unbounded. The scan is weakly consistent:
     * it sees each key present for the whole scan exactly once, and may or may not see keys
     * written during it. The visitor must not call back into the engine.
     */
    void scan(byte[] from, byte[] to, Visitor visitor);

    /**
     * Returns once every write that returned before this call is on disk as the engine's
     * {@link Fsync} setting requires: immediately for {@code everysec} and {@code no}.
     */
    void awaitDurable();

    /**
     * Makes everything durable and releases the store. Afterwards every other method throws
     * {@link IllegalStateException}; closing again does nothing.
     */
    @Override
    void close();

    default void put(byte[] key, StoredValue value) {
        write(new WriteBatch().put(key, value));
    }

    /** Deletes {@code key}; returns whether it was present. */
    default boolean delete(byte[] key) {
        boolean[] existed = new boolean[1];
        compute(key, current -> {
            existed[0] = current != null;
            return null;
        });
        return existed[0];
    }

    /**
     * The values of {@code keys}, in order, {@code null} for absent ones. Atomic like every call
     * ({@code MGET} relies on it): the values are read at one moment, so a concurrent
     * {@link #write(WriteBatch) batch} is seen whole or not at all. Calling {@link #get} per key
     * would not be, which is why there is no default.
     */
    List<StoredValue> getAll(List<byte[]> keys);

    /**
     * Like {@link #scan}, but from the last key of the range down to the first: what a sorted
     * set's highest scores (ZREVRANGE, ZPOPMAX) need. Added in version 2 of the SPI.
     *
     * <p>This default scans the whole range forward first, so its cost grows with the range, not
     * with what the visitor takes; an engine with an ordered index should override it.
     */
    default void scanDescending(byte[] from, byte[] to, Visitor visitor) {
        List<byte[]> keys = new ArrayList<>();
        List<StoredValue> values = new ArrayList<>();
        scan(from, to, (key, value) -> {
            keys.add(key);
            values.add(value);
            return true;
        });
        for (int i = keys.size() - 1; i >= 0 && visitor.visit(keys.get(i), values.get(i)); i--) {
            // the visitor's answer ends the loop
        }
    }

    /** Deletes every key with {@code from <= key < to} ({@code null} = unbounded); returns how many. */
    default long deleteRange(byte[] from, byte[] to) {
        WriteBatch batch = new WriteBatch();
        scan(from, to, (key, value) -> {
            batch.delete(key);
            return true;
        });
        write(batch);
        return batch.size();
    }

    /** The number of keys with {@code from <= key < to} ({@code null} = unbounded). */
    default long count(byte[] from, byte[] to) {
        long[] n = new long[1];
        scan(from, to, (key, value) -> {
            n[0]++;
            return true;
        });
        return n[0];
    }

    /**
     * Starts compacting the engine's files in the background (for a log-structured engine, a
     * log rewrite), if it has any; {@code BGREWRITEAOF} calls it.
     *
     * @return whether a compaction was started; {@code false} when the engine has nothing to
     *         compact or one is already running
     */
    default boolean compact() {
        return false;
    }

    @FunctionalInterface
    interface Visitor {
        /** Returns {@code false} to stop the scan. */
        boolean visit(byte[] key, StoredValue value);
    }
}

package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;

/**
 * {@code mapdb}: a MapDB file store, {@code <dir>/simpleredis.mapdb} unless
 * {@code simpleredis.mapdb.file} names another file (relative to the data directory).
 *
 * <p>{@code fsync=no} commits once a second, as {@code everysec} does: MapDB keeps uncommitted
 * writes out of its file, so never committing would lose everything since the start on a crash.
 */
public final class MapdbStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "mapdb";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
        return MapdbStorageEngine.open(config.dir().resolve(config.property("file", "simpleredis.mapdb")), config.fsync());
    }
}

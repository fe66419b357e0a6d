package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageEngineContract;
import java.nio.file.Path;

class MapdbStorageEngineTest extends StorageEngineContract {

    @Override
    protected StorageEngine open(Path dir, Fsync fsync) {
        return new MapdbStorageProvider().open(StorageConfig.of(dir, fsync));
    }

    @Override
    protected String providerName() {
        return "mapdb";
    }
}

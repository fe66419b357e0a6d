package dev.simpleredis.storage.example;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageEngineContract;
import java.nio.file.Path;

/** Everything the server relies on, checked by the contract test kit. */
class ExampleStorageEngineTest extends StorageEngineContract {

    @Override
    protected StorageEngine open(Path dir, Fsync fsync) {
        return new ExampleStorageProvider().open(StorageConfig.of(dir, fsync));
    }

    @Override
    protected boolean persistent() {
        return false;
    }

    @Override
    protected String providerName() {
        return "example";
    }
}

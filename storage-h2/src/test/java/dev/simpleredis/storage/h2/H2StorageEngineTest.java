package dev.simpleredis.storage.h2;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageEngineContract;
import java.nio.file.Path;

class H2StorageEngineTest extends StorageEngineContract {

    @Override
    protected StorageEngine open(Path dir, Fsync fsync) {
        return new H2StorageProvider().open(StorageConfig.of(dir, fsync));
    }

    @Override
    protected String providerName() {
        return "h2";
    }
}

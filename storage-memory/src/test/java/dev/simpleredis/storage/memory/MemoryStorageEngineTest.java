package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageEngineContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The memory engine as configured by default: with its append-only log, so persistent. */
class MemoryStorageEngineTest extends StorageEngineContract {

    @Override
    protected StorageEngine open(Path dir, Fsync fsync) {
        return new MemoryStorageProvider().open(StorageConfig.of(dir, fsync));
    }

    @Override
    protected String providerName() {
        return "memory";
    }

    /** With {@code simpleredis.aof=false}: RAM only. */
    @Nested
    class WithoutLog extends StorageEngineContract {

        @Override
        protected StorageEngine open(Path dir, Fsync fsync) {
            return new MemoryStorageProvider().open(new StorageConfig(dir, fsync, Map.of("aof", "false")));
        }

        @Override
        protected boolean persistent() {
            return false;
        }
    }
}

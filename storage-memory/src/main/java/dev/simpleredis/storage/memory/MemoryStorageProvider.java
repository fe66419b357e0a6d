package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;

/**
 * {@code memory}: data in RAM, made durable by an append-only log in the data directory unless
 * {@code simpleredis.aof=false}.
 */
public final class MemoryStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
        LogSettings settings = LogSettings.from(config);
        return settings.enabled() ? new MemoryStorageEngine(config.dir(), config.fsync(), settings) : new MemoryStorageEngine();
    }
}

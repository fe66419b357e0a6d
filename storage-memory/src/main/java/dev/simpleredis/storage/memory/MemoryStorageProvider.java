package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;

/** {@code memory}: data in RAM. */
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
        return new MemoryStorageEngine();
    }
}

package dev.simpleredis.storage.example;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;

/**
 * {@code example}: data in a sorted map in memory, gone when the server stops.
 *
 * <p>A plugin is these two classes and one file: a {@link StorageProvider} like this one, a
 * {@link StorageEngine} like {@link ExampleStorageEngine}, and
 * {@code META-INF/services/dev.simpleredis.api.storage.StorageProvider} naming the provider.
 * Its test extends {@code StorageEngineContract} from the api test-jar. Its jar goes in the
 * distribution's {@code plugins/} directory and is selected with
 * {@code -Dsimpleredis.storage=example}.
 */
public final class ExampleStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "example";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
        return new ExampleStorageEngine();
    }
}

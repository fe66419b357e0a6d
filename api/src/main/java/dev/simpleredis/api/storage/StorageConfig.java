package dev.simpleredis.api.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an engine is opened with.
 *
 * @param dir        the data directory ({@code simpleredis.dir}); exists and is writable
 * @param fsync      the durability setting ({@code simpleredis.fsync})
 * @param properties the engine's own settings: {@code simpleredis.<engine>.<name>} given as
 *                   {@code <name>} (e.g. {@code url} for {@code simpleredis.h2.url})
 */
public record StorageConfig(Path dir, Fsync fsync, Map<String, String> properties) {

    public StorageConfig {
        properties = Map.copyOf(properties);
    }

    public static StorageConfig of(Path dir, Fsync fsync) {
        return new StorageConfig(dir, fsync, Map.of());
    }

    public String property(String name, String defaultValue) {
        return properties.getOrDefault(name, defaultValue);
    }
}

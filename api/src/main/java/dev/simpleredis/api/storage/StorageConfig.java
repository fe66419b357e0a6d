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

    /**
     * Setting {@code name} of engine {@code engine} as a whole number from {@code min} to
     * {@code max}, or {@code defaultValue} when unset; anything else is a {@link StorageException}
     * that names the property as the user wrote it ({@code simpleredis.<engine>.<name>}).
     */
    public int intProperty(String engine, String name, int defaultValue, int min, int max) {
        String text = properties.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StorageException("simpleredis." + engine + "." + name + ": expected a number from " + min + " to " + max
                + ", got '" + text + "'");
    }
}

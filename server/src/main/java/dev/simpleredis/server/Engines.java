package dev.simpleredis.server;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds storage engines on the class path with {@link ServiceLoader}. A provider that fails to
 * load is reported and skipped, so one broken plugin does not hide the others.
 */
final class Engines {

    private static final Logger log = LoggerFactory.getLogger(Engines.class);

    /** Version 1 engines run with their batches' range deletes expanded ({@link RangeExpandingEngine}). */
    private static final int OLDEST_API_VERSION = 1;

    private Engines() {
    }

    /** Every provider found, by name. */
    static TreeMap<String, StorageProvider> discover(ClassLoader loader) {
        TreeMap<String, StorageProvider> found = new TreeMap<>();
        Iterator<StorageProvider> it = ServiceLoader.load(StorageProvider.class, loader).iterator();
        while (true) {
            StorageProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                log.warn("skipping a storage engine that failed to load: {}", e.getMessage());
                continue;
            }
            StorageProvider earlier = found.putIfAbsent(provider.name(), provider);
            if (earlier != null) {
                log.warn("two storage engines are named '{}': using {}, ignoring {}", provider.name(),
                        earlier.getClass().getName(), provider.getClass().getName());
            }
        }
        return found;
    }

    /** Opens the engine the configuration names, in its data directory. */
    static StorageEngine open(ServerConfig config, ClassLoader loader) {
        TreeMap<String, StorageProvider> found = discover(loader);
        StorageProvider provider = found.get(config.storage());
        if (provider == null) {
            throw new ConfigException(ServerConfig.PREFIX + "storage: no storage engine named '" + config.storage()
                    + "'; found: " + (found.isEmpty() ? "none" : String.join(", ", found.keySet())));
        }
        int version;
        try {
            version = provider.apiVersion();
        } catch (LinkageError e) {
            throw new ConfigException("storage engine '" + provider.name() + "' (" + provider.getClass().getName()
                    + ") is incompatible with this server: " + e);
        }
        if (version < OLDEST_API_VERSION || version > StorageProvider.API_VERSION) {
            throw new ConfigException("storage engine '" + provider.name() + "' (" + provider.getClass().getName()
                    + ") was built for storage API version " + version + "; this server supports versions "
                    + OLDEST_API_VERSION + " to " + StorageProvider.API_VERSION);
        }
        prepareDir(config.dir());
        try {
            StorageEngine engine = provider.open(new StorageConfig(config.dir(), config.fsync(), config.engineProperties()));
            return version == 1 ? new RangeExpandingEngine(engine) : engine;
        } catch (StorageException e) {
            throw new ConfigException("storage engine '" + provider.name() + "' could not open its store: "
                    + e.getMessage(), e);
        }
    }

    private static void prepareDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(ServerConfig.PREFIX + "dir: cannot create " + dir + ": " + e);
        }
        Path probe = dir.resolve(".simpleredis-write-check");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new ConfigException(ServerConfig.PREFIX + "dir: " + dir + " is not writable (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        }
    }
}

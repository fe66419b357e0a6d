package dev.simpleredis.storage.mapdb;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;

/**
 * {@code mapdb}: a MapDB file store, {@code <dir>/simpleredis.mapdb} unless
 * {@code simpleredis.mapdb.file} names another file (relative to the data directory).
 * {@code simpleredis.mapdb.page-cache-mb} sets how many MiB of the file's pages are kept in
 * memory (default: an eighth of the heap, at most 256 MiB).
 *
 * <p>{@code fsync=no} commits once a second, as {@code everysec} does: MapDB keeps uncommitted
 * writes out of its file, so never committing would lose everything since the start on a crash.
 */
public final class MapdbStorageProvider implements StorageProvider {

    static final int MAX_PAGE_CACHE_MB = 65_536;
    private static final int PAGES_PER_MB = (1 << 20) / 4096;

    @Override
    public String name() {
        return "mapdb";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
        int cacheMb = config.intProperty(name(), "page-cache-mb", defaultPageCacheMb(Runtime.getRuntime().maxMemory()), 1,
                MAX_PAGE_CACHE_MB);
        return MapdbStorageEngine.open(config.dir().resolve(config.property("file", "simpleredis.mapdb")), config.fsync(),
                cacheMb * PAGES_PER_MB);
    }

    /**
     * The page cache by default, in MiB: an eighth of the heap, at most 256 MiB, at least 1.
     * Every B-tree node a command reads comes from it; without it each was a {@code pread}, half
     * of the server's CPU on a SET.
     */
    static int defaultPageCacheMb(long maxHeapBytes) {
        return (int) Math.max(1, Math.min(256, maxHeapBytes / 8 / (1 << 20)));
    }
}

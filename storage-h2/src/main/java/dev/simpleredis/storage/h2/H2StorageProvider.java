package dev.simpleredis.storage.h2;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;
import java.nio.file.Path;

/**
 * {@code h2}: an H2 database through JDBC. By default an embedded file,
 * {@code <dir>/simpleredis.mv.db}, and under {@code fsync=always} or {@code everysec} its redo
 * log {@code <dir>/simpleredis.redo}; {@code simpleredis.h2.url} names any H2 database instead,
 * for example an H2 server ({@code jdbc:h2:tcp://host:port/name}) that several processes share.
 * An embedded URL should keep the default's {@code retry:} file system, which reopens the file
 * when a thread interrupted during I/O closed it, and {@code DB_CLOSE_ON_EXIT=FALSE}.
 * {@code simpleredis.h2.user} and {@code simpleredis.h2.password} log in (default {@code sa},
 * no password); unless {@code fsync=no} the user must be an admin of the database, since
 * forcing it to disk ({@code CHECKPOINT SYNC}) needs that. {@code simpleredis.h2.pool-size}
 * sets how many connections the pool keeps (default 4).
 */
public final class H2StorageProvider implements StorageProvider {

    static final int DEFAULT_POOL_SIZE = 4;
    static final int MAX_POOL_SIZE = 64;

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
        return H2StorageEngine.open(
                config.property("url", defaultUrl(config.dir())),
                config.property("user", "sa"),
                config.property("password", ""),
                config.intProperty(name(), "pool-size", DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE),
                config.fsync());
    }

    /**
     * The embedded database in {@code dir}. retry: reopens the file when an interrupted thread
     * closed it; DB_CLOSE_ON_EXIT=FALSE leaves closing to close(), not to H2's shutdown hook;
     * CACHE_SIZE: see {@link #pageCacheKb}.
     */
    static String defaultUrl(Path dir) {
        return "jdbc:h2:file:retry:" + dir.toAbsolutePath().resolve("simpleredis")
                + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + pageCacheKb(Runtime.getRuntime().maxMemory());
    }

    /**
     * H2's page cache for the embedded default, in KB: a quarter of the heap, at most 2 GB (H2's
     * own default is 16 MB). With a record per collection element, large collections are read at
     * random pages, and H2 counts a page at what its rows take on the heap, several times its size
     * in the file: on 1,000,000-element sets SADD ran at 0.47 of its rate on 100 elements with
     * 128 MB, 0.65 with 512 MB; ZADD to a 1,000,000-member sorted set (a 174 MB file) at 6,500 to
     * 7,400/s with 512 MB, 8,500/s with 2 GB.
     */
    static long pageCacheKb(long maxHeapBytes) {
        return Math.max(16 * 1024, Math.min(2 * 1024 * 1024, maxHeapBytes / 4 / 1024));
    }
}

package dev.simpleredis.api.storage;

/**
 * Makes one kind of {@link StorageEngine}; found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.simpleredis.api.storage.StorageProvider} and selected by
 * {@link #name()} ({@code -Dsimpleredis.storage=<name>}).
 *
 * <p>Implementations must have a public no-argument constructor and do nothing costly in it:
 * the server instantiates every provider on the class path to list their names.
 */
public interface StorageProvider {

    /**
     * The SPI version this api jar defines. A provider returns it from {@link #apiVersion()} as
     * {@code return API_VERSION;}: the compiler copies the constant into the provider's class, so
     * the server can tell which SPI version the provider was built against.
     *
     * <ol>
     * <li>The first SPI.
     * <li>Range deletes in batches ({@link WriteBatch.DeleteRange}), so that a collection's
     *     metadata record and its element range are deleted in one atomic write. A server still
     *     runs a version 1 engine by expanding each range into point deletes before the write
     *     ({@link WriteBatch#withRangesExpanded}).
     *     Also {@link StorageEngine#scanDescending}, for a sorted set's highest scores; a
     *     version 1 engine gets its default, which scans the range forward first.
     * </ol>
     */
    int API_VERSION = 2;

    /** The name users select the engine by: lower case letters, digits and dashes. */
    String name();

    /** The SPI version this provider was compiled against; see {@link #API_VERSION}. */
    int apiVersion();

    /**
     * Opens (creating if needed) the engine's store. Fails with a {@link StorageException} that
     * names the store's path and the cause when the store cannot be opened; never replaces an
     * unreadable store with an empty one.
     */
    StorageEngine open(StorageConfig config);
}

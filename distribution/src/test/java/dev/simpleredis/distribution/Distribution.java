package dev.simpleredis.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The distribution zip that this build made, unpacked into a directory of the test's (a
 * {@code @TempDir}), and the servers started from it with its own start script:
 *
 * <pre>{@code
 * Distribution dist = Distribution.unpack(tempDir);
 * try (ServerProcess server = dist.launch().storage("mapdb").start()) {
 *     try (Client client = server.client()) { client.set("k", "v"); }
 *     server.kill();                                  // SIGKILL: a crash
 * }
 * try (ServerProcess again = dist.launch().storage("mapdb").start()) { ... }  // same data dir
 * }</pre>
 *
 * Every launch of one distribution uses the same data directory, {@link #dataDir()}, unless told
 * otherwise, so a restart sees the data the previous server left.
 */
public final class Distribution {

    private final Path root;
    private final Path home;

    private Distribution(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    /** The directory at the top of the archives, {@code simpleredis-<version>}. */
    public static String name() {
        return zip().getFileName().toString().replaceFirst("\\.zip$", "");
    }

    /** The zip the build made, from the failsafe configuration. */
    public static Path zip() {
        return Path.of(requiredProperty("simpleredis.dist.zip"));
    }

    /** The tar.gz the build made, from the failsafe configuration. */
    public static Path tarGz() {
        return Path.of(requiredProperty("simpleredis.dist.tar"));
    }

    /** The unpacked tree the build made beside the archives. */
    public static Path unpackedByBuild() {
        return Path.of(requiredProperty("simpleredis.dist.unpacked"));
    }

    /** The example engine's jar ({@code storage-example}), which is not in lib/: for {@link #installPlugin}. */
    public static Path exampleEngineJar() {
        return Path.of(requiredProperty("simpleredis.example.jar"));
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests with "
                    + "'./mvnw verify', whose failsafe configuration sets it");
        }
        return value;
    }

    /**
     * Unpacks the built zip into {@code dir}, keeping the files' Unix permissions (so the start
     * script stays executable, as {@code unzip} would leave it).
     */
    public static Distribution unpack(Path dir) {
        Path zip = zip();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " does not exist: build it first ('./mvnw verify' does)");
        }
        // zipfs reads the Unix modes that the archiver stored with each entry.
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("enablePosixFileAttributes", "true"));
             Stream<Path> entries = Files.walk(fs.getPath("/"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (entry.getNameCount() == 0) {
                    continue; // the archive's root, which is dir itself
                }
                Path target = dir.resolve(entry.toString().substring(1)).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the archive's directory: " + entry);
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
                }
                PosixFileAttributes attrs = Files.readAttributes(entry, PosixFileAttributes.class);
                Files.getFileAttributeView(target, PosixFileAttributeView.class).setPermissions(attrs.permissions());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking " + zip + " into " + dir, e);
        }
        Path home = dir.resolve(name());
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(zip + " has no top directory " + name());
        }
        return new Distribution(dir, home);
    }

    /** {@code simpleredis-<version>/}: bin, lib, plugins, conf. */
    public Path home() {
        return home;
    }

    public Path script() {
        return home.resolve("bin/simpleredis-server");
    }

    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path conf() {
        return home.resolve("conf/simpleredis.conf");
    }

    /** The data directory launches use by default: beside the installation, shared by restarts. */
    public Path dataDir() {
        return root.resolve("data");
    }

    /** A scratch directory beside the installation, e.g. for a working directory or fake JDKs. */
    public Path scratch(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies an engine jar into {@code plugins/}, where the server's class path picks it up. */
    public Path installPlugin(Path jar) {
        try {
            return Files.copy(jar, plugins().resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("installing plugin " + jar, e);
        }
    }

    /** Starts describing a run of {@code bin/simpleredis-server}; see {@link Launch}. */
    public Launch launch() {
        return new Launch(this);
    }
}

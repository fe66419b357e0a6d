package dev.simpleredis.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.StorageProvider;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import dev.simpleredis.storage.memory.MemoryStorageProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which SPI versions {@link Engines#open} accepts, and how it runs a version 1 engine. */
class EnginesTest {

    @TempDir
    Path dir;

    @Test
    void aVersionOneEngineGetsItsBatchesRangesExpanded() throws IOException {
        try (StorageEngine engine = open("version-one")) {
            assertInstanceOf(RangeExpandingEngine.class, engine);
            for (String k : List.of("a", "r", "r-1", "s")) {
                engine.put(bytes(k), value("old " + k));
            }
            engine.write(new WriteBatch()
                    .put(bytes("r-0"), value("put before"))
                    .deleteRange(bytes("r"), bytes("s"))
                    .put(bytes("r-2"), value("put after"))
                    .deleteRange(bytes("z"), bytes("a")));
            assertEquals(List.of("a=old a", "r-2=put after", "s=old s"), contents(engine));
            assertEquals(1, engine.deleteRange(bytes("r"), bytes("s")), "other calls reach the engine");
            assertEquals(2, engine.count(null, null));
        }
    }

    @Test
    void anEngineOfTheCurrentVersionIsUsedAsItIs() throws IOException {
        try (StorageEngine engine = open("memory")) {
            assertFalse(engine instanceof RangeExpandingEngine, engine.getClass().getName());
        }
    }

    @Test
    void anEngineOfAnUnknownVersionIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> open("version-three"));
        assertTrue(e.getMessage().contains("'version-three'"), e.getMessage());
        assertTrue(e.getMessage().contains("storage API version 3"), e.getMessage());
        assertTrue(e.getMessage().contains("supports versions 1 to " + StorageProvider.API_VERSION), e.getMessage());
    }

    /** Opens the engine named with this class's providers on the class path beside the real ones. */
    private StorageEngine open(String name) throws IOException {
        Path classes = dir.resolve("classes");
        Path services = classes.resolve("META-INF/services/" + StorageProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, VersionOne.class.getName() + "\n" + VersionThree.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            return Engines.open(ServerConfig.from(TestServers.props(dir.resolve("data"), "storage", name)), loader);
        }
    }

    /** Built against version 1: the memory engine, refusing range deletes in batches as such an engine would. */
    public static final class VersionOne implements StorageProvider {
        @Override
        public String name() {
            return "version-one";
        }

        @Override
        public int apiVersion() {
            return 1;
        }

        @Override
        public StorageEngine open(StorageConfig config) {
            return new VersionOneEngine(new MemoryStorageProvider().open(config));
        }
    }

    public static final class VersionThree implements StorageProvider {
        @Override
        public String name() {
            return "version-three";
        }

        @Override
        public int apiVersion() {
            return 3;
        }

        @Override
        public StorageEngine open(StorageConfig config) {
            throw new AssertionError("a provider of an unknown version must not be opened");
        }
    }

    /** A version 1 engine: one that fails on what version 2 added to batches. */
    private static final class VersionOneEngine extends ForwardingEngine {
        VersionOneEngine(StorageEngine engine) {
            super(engine);
        }

        @Override
        public void write(WriteBatch batch) {
            for (WriteBatch.Op op : batch.ops()) {
                if (op instanceof WriteBatch.DeleteRange range) {
                    throw new MatchException("a version 1 engine knows no " + range, null);
                }
            }
            engine.write(batch);
        }
    }

    private static List<String> contents(StorageEngine engine) {
        List<String> entries = new ArrayList<>();
        engine.scan(null, null, (k, v) -> entries.add(new String(k, US_ASCII) + "=" + new String(v.value(), US_ASCII)));
        return entries;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(US_ASCII);
    }

    private static StoredValue value(String text) {
        return StoredValue.of(bytes(text));
    }
}

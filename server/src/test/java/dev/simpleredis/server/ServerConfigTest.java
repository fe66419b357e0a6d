package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.storage.Fsync;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong settings stop start-up with a message that names the property. */
@Timeout(60)
class ServerConfigTest {

    @TempDir
    Path dir;

    private static ConfigException refused(Properties p) {
        return assertThrows(ConfigException.class, () -> {
            try (Server s = Server.start(ServerConfig.from(p))) {
                throw new AssertionError("started on port " + s.port());
            }
        });
    }

    @Test
    void defaults() {
        ServerConfig c = ServerConfig.from(new Properties());
        assertEquals("memory", c.storage());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(6379, c.port());
        assertEquals(Path.of("data").toAbsolutePath(), c.dir());
        assertEquals(Dialect.SEED, c.protocol());
        assertEquals(Fsync.EVERYSEC, c.fsync());
        assertEquals(10_000, c.maxClients());
        assertEquals(Decoder.Limits.DEFAULT, c.limits());
    }

    @Test
    void settingsAreRead() {
        ServerConfig c = ServerConfig.from(TestServers.props(dir, "protocol", "RESP2", "fsync", "always", "maxclients", "7",
                "proto-max-bulk-len", "100", "proto-max-multibulk-len", "10", "proto-max-nesting", "3", "memory.extra", "x"));
        assertEquals(Dialect.RESP2, c.protocol());
        assertEquals(Fsync.ALWAYS, c.fsync());
        assertEquals(7, c.maxClients());
        assertEquals(new Decoder.Limits(100, 10, 3, Decoder.Limits.DEFAULT.maxInlineLength()), c.limits());
        assertEquals(java.util.Map.of("extra", "x"), c.engineProperties());
    }

    @ParameterizedTest
    @CsvSource({
        "port, abc", "port, -1", "port, 65536", "port, ''",
        "protocol, resp4", "protocol, ''",
        "fsync, sometimes", "fsync, ''",
        "maxclients, 0", "maxclients, lots", "maxclients, 99999999999",
        "proto-max-bulk-len, 0", "proto-max-bulk-len, 1x", "proto-max-multibulk-len, -3", "proto-max-nesting, 0", "proto-max-nesting, 1001", "proto-max-nesting, 100000",
        "storage, Memory!", "storage, ''",
    })
    void aBadValueNamesItsProperty(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.from(TestServers.props(dir, name, value)));
        assertTrue(e.getMessage().startsWith("simpleredis." + name + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), "the message shows the value: " + e.getMessage());
    }

    @Test
    void anUnknownSettingIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.from(TestServers.props(dir, "prot", "resp2")));
        assertTrue(e.getMessage().contains("simpleredis.prot"), e.getMessage());
    }

    @Test
    void anUnknownEngineListsTheEnginesFound() {
        ConfigException e = refused(TestServers.props(dir, "storage", "nosuch"));
        assertTrue(e.getMessage().contains("simpleredis.storage"), e.getMessage());
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        String found = e.getMessage().substring(e.getMessage().indexOf("found:"));
        assertTrue(found.contains("memory"), "lists the engines on the class path: " + e.getMessage());
    }

    @Test
    void aDirThatCannotBeCreatedIsNamed() throws IOException {
        // root can write anywhere, so make the path impossible: its parent is a regular file
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        ConfigException e = refused(TestServers.props(file.resolve("data")));
        assertTrue(e.getMessage().startsWith("simpleredis.dir:"), e.getMessage());
        assertTrue(e.getMessage().contains(file.resolve("data").toString()), e.getMessage());
    }

    @Test
    void aPortInUseIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            ConfigException e = refused(TestServers.props(dir, "port", Integer.toString(port)));
            assertTrue(e.getMessage().startsWith("simpleredis.port:"), e.getMessage());
            assertTrue(e.getMessage().contains(Integer.toString(port)), e.getMessage());
        }
    }

    @Test
    void aPortTakenByAnotherServerIsNamed() {
        try (Server first = TestServers.start(dir.resolve("first"))) {
            ConfigException e = refused(TestServers.props(dir.resolve("second"), "port", Integer.toString(first.port())));
            assertTrue(e.getMessage().contains(":" + first.port()), e.getMessage());
        }
    }

    @Test
    void aBadBindAddressIsNamed() {
        ConfigException e = refused(TestServers.props(dir, "bind", "no.such.host.invalid"));
        assertTrue(e.getMessage().startsWith("simpleredis.bind:"), e.getMessage());
    }
}

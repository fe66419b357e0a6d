package dev.simpleredis.server;

import java.nio.file.Path;
import java.util.Properties;

/** Starts servers for tests: memory engine, any free port on 127.0.0.1, data under a temp dir. */
final class TestServers {

    private TestServers() {
    }

    /** {@code settings} are name/value pairs without the {@code simpleredis.} prefix. */
    static Properties props(Path dir, String... settings) {
        Properties p = new Properties();
        p.setProperty("simpleredis.storage", "memory");
        p.setProperty("simpleredis.port", "0");
        p.setProperty("simpleredis.dir", dir.toString());
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty(ServerConfig.PREFIX + settings[i], settings[i + 1]);
        }
        return p;
    }

    static Server start(Path dir, String... settings) {
        return Server.start(ServerConfig.from(props(dir, settings)));
    }
}

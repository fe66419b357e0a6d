package dev.simpleredis.server.interop;

import dev.simpleredis.server.Server;
import dev.simpleredis.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * One server a suite talks to: a simpleredis {@link Server} on one engine, in a fresh data
 * directory, on a free loopback port; or the shared real Redis (flushed on start).
 */
final class Target implements AutoCloseable {

    private final String name;
    private final int port;
    private final Server server;
    private final Path dir;

    private Target(String name, int port, Server server, Path dir) {
        this.name = name;
        this.port = port;
        this.server = server;
        this.dir = dir;
    }

    /**
     * Starts {@code name} ({@link Interop#REDIS} or an engine); {@code settings} are simpleredis
     * name/value pairs without the {@code simpleredis.} prefix (ignored for the real Redis).
     * Aborts (skips) the caller when the real Redis is wanted but not installed.
     */
    static Target start(String name, String... settings) {
        if (Interop.REDIS.equals(name)) {
            RealRedis redis = RealRedis.get();
            Assumptions.assumeTrue(redis != null, () -> "real Redis not available: " + RealRedis.whyUnavailable());
            Target t = new Target(name, redis.port(), null, null);
            t.flushAll();
            return t;
        }
        try {
            Path dir = Files.createTempDirectory("interop-" + name);
            Properties p = new Properties();
            p.setProperty(ServerConfig.PREFIX + "storage", name);
            p.setProperty(ServerConfig.PREFIX + "port", "0");
            p.setProperty(ServerConfig.PREFIX + "bind", "127.0.0.1");
            p.setProperty(ServerConfig.PREFIX + "dir", dir.toString());
            p.setProperty(ServerConfig.PREFIX + "protocol", "resp2");
            for (int i = 0; i < settings.length; i += 2) {
                p.setProperty(ServerConfig.PREFIX + settings[i], settings[i + 1]);
            }
            Server server = Server.start(ServerConfig.from(p));
            return new Target(name, server.port(), server, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    boolean isRedis() {
        return server == null;
    }

    /** Empties every database (and selects nothing: each connection starts on db 0). */
    void flushAll() {
        try (Resp r = new Resp(port)) {
            Resp.Reply reply = r.call("FLUSHALL");
            if (reply.isError()) {
                throw new IllegalStateException(name + ": FLUSHALL failed: " + reply);
            }
        }
    }

    /** Whether the server knows {@code command} (it does not answer "unknown command"). */
    boolean knows(String... command) {
        try (Resp r = new Resp(port)) {
            Resp.Reply reply = r.call(command);
            return !(reply.isError() && reply.str().startsWith("ERR unknown command"));
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.simpleredis.server.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's, Redis 7) on a free loopback port, started once per test
 * JVM and stopped when it exits. The interop suites run their assertions against it too, so every
 * expected reply in them is checked against Redis itself, not just written down.
 */
final class RealRedis {

    private static final String[] CANDIDATES = {"/usr/bin/redis-server", "/usr/local/bin/redis-server"};
    private static RealRedis instance;
    private static String unavailable;

    private final Process process;
    private final int port;
    private final Path dir;

    private RealRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    int port() {
        return port;
    }

    /** The shared instance, or null (with {@link #whyUnavailable()}) when there is no redis-server. */
    static synchronized RealRedis get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                unavailable = e.getMessage();
            }
        }
        return instance;
    }

    static synchronized String whyUnavailable() {
        return unavailable;
    }

    static String binary() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return Interop.onPath("redis-server");
    }

    private static RealRedis start() {
        String bin = binary();
        if (bin == null) {
            throw new IllegalStateException("no redis-server found (install it: sh .ci/deps, or apt-get install redis-server)");
        }
        try {
            Path dir = Files.createTempDirectory("interop-redis");
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort();
                Process p = new ProcessBuilder(bin, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                        "--protected-mode", "yes", "--loglevel", "warning", "--databases", "16")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start();
                if (waitForPing(p, port)) {
                    RealRedis r = new RealRedis(p, port, dir);
                    Runtime.getRuntime().addShutdownHook(new Thread(r::stop, "interop-redis-stop"));
                    return r;
                }
                p.destroyForcibly();
            }
            throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not start: " + e, e);
        }
    }

    private static boolean waitForPing(Process p, int port) {
        for (int i = 0; i < 100 && p.isAlive(); i++) {
            try (Resp r = new Resp(port)) {
                if ("+PONG".equals(r.call("PING").toString())) {
                    return true;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

}

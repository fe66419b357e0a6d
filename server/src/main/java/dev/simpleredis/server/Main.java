package dev.simpleredis.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the server from {@code simpleredis.*} system properties; stops it cleanly on SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        // The hook is in place before the server answers anyone, so a SIGTERM sent as soon as it
        // answers PING still closes it cleanly; one sent during start-up waits for it to finish.
        AtomicReference<Server> started = new AtomicReference<>();
        CountDownLatch startUpOver = new CountDownLatch(1);
        AtomicBoolean signalled = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signalled.set(true);
            awaitUninterruptibly(startUpOver);
            Server server = started.get();
            if (server != null && !server.isClosed()) {
                server.close();
                log.info("simpleredis stopped");
            }
        }, "simpleredis-shutdown"));
        Server server;
        try {
            ServerConfig config = ServerConfig.fromSystemProperties();
            server = Server.start(config);
            started.set(server);
            log.info("simpleredis {} started: engine={}, address={}:{}, dir={}, protocol={}, fsync={}, max-heap={} MiB",
                    version(), config.storage(), config.bind(), server.port(), config.dir(),
                    config.protocol().name().toLowerCase(java.util.Locale.ROOT), config.fsync().configName(),
                    Runtime.getRuntime().maxMemory() >> 20);
        } catch (ConfigException e) {
            log.error(e.getMessage());
            startUpOver.countDown();
            System.exit(1);
            return;
        } finally {
            startUpOver.countDown();
        }
        // SHUTDOWN closes the server from inside: then the JVM exits (the hook finds it closed)
        server.awaitClosed();
        if (!signalled.get()) {
            log.info("simpleredis stopped by SHUTDOWN");
            System.exit(0);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // a shutdown hook is not interrupted by anyone who means it: keep waiting
            }
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/simpleredis-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

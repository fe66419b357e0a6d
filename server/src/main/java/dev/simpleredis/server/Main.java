package dev.simpleredis.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the server from {@code simpleredis.*} system properties; stops it cleanly on SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Server server;
        try {
            ServerConfig config = ServerConfig.fromSystemProperties();
            server = Server.start(config);
            log.info("simpleredis {} started: engine={}, address={}:{}, dir={}, protocol={}, fsync={}", version(),
                    config.storage(), config.bind(), server.port(), config.dir(),
                    config.protocol().name().toLowerCase(java.util.Locale.ROOT), config.fsync().configName());
        } catch (ConfigException e) {
            log.error(e.getMessage());
            System.exit(1);
            return;
        }
        AtomicBoolean signalled = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean running = !server.isClosed();
            signalled.set(true);
            server.close();
            if (running) {
                log.info("simpleredis stopped");
            }
        }, "simpleredis-shutdown"));
        // SHUTDOWN closes the server from inside: then the JVM exits (the hook finds it closed)
        server.awaitClosed();
        if (!signalled.get()) {
            log.info("simpleredis stopped by SHUTDOWN");
            System.exit(0);
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

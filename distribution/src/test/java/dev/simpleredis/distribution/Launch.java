package dev.simpleredis.distribution;

import dev.simpleredis.api.client.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of {@code bin/simpleredis-server} from a {@link Distribution}: its settings, then
 * {@link #start()} for a server that answers PING, or {@link #run(Duration)} for a start that
 * should fail. Settings are {@code simpleredis.*} names without the prefix:
 * {@code set("mapdb.file", ...)} passes {@code -Dsimpleredis.mapdb.file=...}.
 *
 * <p>Unless told otherwise a launch passes {@code -Dsimpleredis.dir=}{@link Distribution#dataDir()}
 * and a free loopback port, runs on the JDK running the tests (as {@code JAVA_HOME}), and
 * writes everything the process prints to {@code target/e2e-logs/<n>-<name>.log}.
 */
public final class Launch {

    private static final AtomicInteger LAUNCHES = new AtomicInteger();

    private final Distribution dist;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private Path script;
    private Path workingDir;
    private String name = "server";
    private Duration startTimeout = Duration.ofSeconds(60);

    Launch(Distribution dist) {
        this.dist = dist;
        this.script = dist.script();
        settings.put("dir", dist.dataDir().toString());
    }

    /** {@code -Dsimpleredis.<name>=<value>}. */
    public Launch set(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public Launch storage(String engine) {
        return set("storage", engine);
    }

    public Launch protocol(String protocol) {
        return set("protocol", protocol);
    }

    /** A fixed port, e.g. the previous server's for a restart; by default a free one is picked. */
    public Launch port(int port) {
        return set("port", Integer.toString(port));
    }

    public Launch dir(Path dir) {
        return set("dir", dir.toString());
    }

    /** Passes no {@code simpleredis.dir}, so the server uses its default, ./data under the working directory. */
    public Launch defaultDir() {
        settings.remove("dir");
        return this;
    }

    /** Any other argument for the script, after the settings. */
    public Launch arg(String arg) {
        args.add(arg);
        return this;
    }

    /** Sets ({@code value} non-null) or removes ({@code null}) an environment variable of the script. */
    public Launch env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Launch workingDir(Path dir) {
        workingDir = dir;
        return this;
    }

    /** Runs the start script through another path, e.g. a symbolic link to it. */
    public Launch script(Path path) {
        script = path;
        return this;
    }

    /** Names the log file, to tell launches apart when reading {@code target/e2e-logs}. */
    public Launch name(String name) {
        this.name = name;
        return this;
    }

    /** How long {@link #start()} waits for PING; 60 s by default (a large store may replay longer). */
    public Launch startTimeout(Duration timeout) {
        startTimeout = timeout;
        return this;
    }

    /**
     * Starts the server and returns once it answers PING and has logged its start line.
     *
     * @throws AssertionError if it exits first or does not answer within the start timeout;
     *                        the message has its output
     */
    public ServerProcess start() {
        settings.putIfAbsent("port", Integer.toString(freePort()));
        int port = Integer.parseInt(settings.get("port"));
        Path log = logFile();
        ServerProcess server = new ServerProcess(spawn(log), port, log);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new AssertionError("server exited with code " + server.process().exitValue()
                        + " before answering PING\n" + server.describe());
            }
            // The start line comes right after the port is bound: waiting for it as well makes
            // output() hold it when start() returns.
            if (answersPing(port) && server.output().contains(" started: ")) {
                return server;
            }
            if (System.nanoTime() - deadline > 0) {
                server.close();
                throw new AssertionError("server did not answer PING within " + startTimeout + "\n" + server.describe());
            }
            sleep(50);
        }
    }

    /** The end of a run that was expected to exit by itself. */
    public record Exited(int exitCode, String output, Path log) {
    }

    /**
     * Runs the script until it exits by itself, as it should when start-up fails.
     *
     * @throws AssertionError if it is still running after {@code timeout} (it is then killed)
     */
    public Exited run(Duration timeout) {
        settings.putIfAbsent("port", Integer.toString(freePort()));
        Path log = logFile();
        Process process = spawn(log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("still running after " + timeout + " (killed); output in " + log + ":\n"
                        + ServerProcess.read(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Exited(process.exitValue(), ServerProcess.read(log), log);
    }

    private Process spawn(Path log) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        settings.forEach((k, v) -> command.add("-Dsimpleredis." + k + "=" + v));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        Map<String, String> environment = pb.environment();
        // The caller's shell settings must not change what a test runs; the JDK running the tests
        // is 21+ and spares the script a search.
        environment.remove("JAVA_OPTS");
        environment.remove("SIMPLEREDIS_CONF");
        environment.remove("SIMPLEREDIS_JVM_DIR");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        env.forEach((k, v) -> {
            if (v == null) {
                environment.remove(k);
            } else {
                environment.put(k, v);
            }
        });
        try {
            return ServerProcess.track(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    private Path logFile() {
        Path dir = Path.of(System.getProperty("simpleredis.e2e.logs", dist.home().resolveSibling("logs").toString()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve("%03d-%s.log".formatted(LAUNCHES.incrementAndGet(), name));
    }

    /** A port free on loopback right now; the server binds it a moment later. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answersPing(int port) {
        try (Client client = new Client("127.0.0.1", port, 2_000)) {
            return "PONG".equals(client.ping());
        } catch (RuntimeException e) {
            return false; // not listening yet
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

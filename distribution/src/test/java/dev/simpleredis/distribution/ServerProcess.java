package dev.simpleredis.distribution;

import dev.simpleredis.api.client.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server started by {@link Launch#start()}: the script's process, which is the JVM itself
 * since the script {@code exec}s java. Closing it kills the server if it is still running.
 */
public final class ServerProcess implements AutoCloseable {

    /** How long {@link #stop()} and {@link #kill()} wait for the process to end. */
    public static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // A test JVM that dies mid-test must not leave servers holding ports and data directories.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final int port;
    private final Path log;

    ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Process track(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        return process;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** The file the process's standard output and error go to. */
    public Path log() {
        return log;
    }

    /** Everything the process has printed so far. */
    public String output() {
        return read(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A new seed-dialect client connected to this server; the caller closes it. */
    public Client client() {
        return new Client("127.0.0.1", port, 10_000);
    }

    /** Sends SIGTERM, as a service manager would, and returns the exit code. */
    public int stop() {
        process.destroy();
        return awaitExit(EXIT_TIMEOUT);
    }

    /** Sends SIGKILL, a crash as far as the store can tell, and returns the exit code. */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(EXIT_TIMEOUT);
    }

    /**
     * Waits for the process to end and returns its exit code.
     *
     * @throws AssertionError if it is still running after {@code timeout} (it is then killed)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("server still running after " + timeout + " (killed)\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** The port, log file and output, for assertion messages. */
    public String describe() {
        return "server on port " + port + ", pid " + process.pid() + ", output in " + log + ":\n" + output();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    static String read(Path file) {
        try {
            // Lenient: a log cut off mid-character by a kill must still be readable.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

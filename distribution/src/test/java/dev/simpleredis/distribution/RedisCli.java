package dev.simpleredis.distribution;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-cli} once per command, non-interactively, as a script would. When it is
 * not on PATH, the repository's {@code .ci/deps} installs it first, so that the tests need no
 * preparation on a fresh machine.
 */
public final class RedisCli {

    private static Path executable;

    private RedisCli() {
    }

    /** What one command printed (its standard output and error, without the last newline) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code redis-cli -p <port> <args...>}; redis-cli prints replies raw when not on a
     * terminal: {@code OK}, {@code 1}, one line per array element, an empty line for nil.
     */
    public static Result run(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            // To a file, not a pipe, so that the wait below bounds a redis-cli that hangs.
            Path out = Files.createTempFile("redis-cli", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("redis-cli did not finish in 30 s: " + command);
                }
                String text = ServerProcess.read(out);
                return new Result(process.exitValue(), text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            } finally {
                Files.delete(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** redis-cli on PATH, installed by {@code .ci/deps} when missing. */
    public static synchronized Path executable() {
        if (executable == null) {
            executable = onPath("redis-cli");
            if (executable == null) {
                installDeps();
                executable = onPath("redis-cli");
            }
            if (executable == null) {
                throw new AssertionError("redis-cli is not on PATH, and .ci/deps did not install it");
            }
        }
        return executable;
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    private static void installDeps() {
        Path deps = Path.of(Distribution.requiredProperty("simpleredis.repo.dir"), ".ci", "deps");
        try {
            Path log = Files.createTempFile("simpleredis-deps", ".log");
            Process process = new ProcessBuilder("sh", deps.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // apt-get update and a few packages: minutes at most
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(deps + " did not finish in 10 minutes; output in " + log);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(deps + " failed with exit code " + process.exitValue() + ":\n"
                        + ServerProcess.read(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running " + deps, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

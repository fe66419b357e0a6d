package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code src/test/python/interop.py} — redis-py from Debian's python3-redis, run by
 * {@code /usr/bin/python3} (not whatever python3 is first on PATH) — against the real Redis and
 * simpleredis on every engine. Skips only when /usr/bin/python3 has no redis module and the
 * project's {@code .ci/deps} cannot install it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(120)
class RedisPyInteropTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src/test/python/interop.py");
    private static String unavailable;
    private static boolean checked;

    static Target target;

    @Parameter
    String name;

    @BeforeParameterizedClassInvocation
    static void start(String name) {
        String why = redisPyUnavailable();
        Assumptions.assumeTrue(why == null, () -> why);
        target = Target.start(name);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    /** Null when /usr/bin/python3 can import redis (after trying .ci/deps once), else why not. */
    static synchronized String redisPyUnavailable() {
        if (checked) {
            return unavailable;
        }
        checked = true;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            unavailable = PYTHON + " is not installed (apt-get install python3 python3-redis)";
        } else if (!hasRedisModule()) {
            Path deps = Path.of("..", ".ci", "deps").toAbsolutePath().normalize();
            if (Files.isRegularFile(deps)) {
                run(300, "sh", deps.toString());
            }
            if (!hasRedisModule()) {
                unavailable = PYTHON + " has no redis module and " + deps + " could not install python3-redis "
                        + "(apt-get install python3-redis as root)";
            }
        }
        return unavailable;
    }

    private static boolean hasRedisModule() {
        return run(60, PYTHON, "-c", "import redis").exit == 0;
    }

    record Result(int exit, String output) {
    }

    static Result run(int timeoutSeconds, String... command) {
        try {
            Path log = Files.createTempFile("interop-py", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void redisPyScriptPasses() {
        assertTrue(Files.isRegularFile(SCRIPT), () -> SCRIPT.toAbsolutePath() + " is missing");
        Result r = run(90, PYTHON, SCRIPT.toString(), Integer.toString(target.port()));
        assertEquals(0, r.exit(), () -> name + ": interop.py failed:\n" + r.output());
        assertTrue(r.output().matches("(?s).*interop\\.py: \\d+ checks passed\\s*"), r.output());
    }
}

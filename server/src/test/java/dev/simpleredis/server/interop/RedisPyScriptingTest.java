package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code src/test/python/scripting.py}: redis-py's transactional pipeline (WATCH, MULTI, EXEC)
 * and its registered scripts (EVALSHA, NOSCRIPT, SCRIPT LOAD), used as applications use them,
 * against the real Redis and simpleredis on every engine. Runs as {@link RedisPyInteropTest} does.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(120)
class RedisPyScriptingTest {

    static final Path SCRIPT = Path.of("src/test/python/scripting.py");

    static Target target;

    @Parameter
    String name;

    @BeforeParameterizedClassInvocation
    static void start(String name) {
        String why = RedisPyInteropTest.redisPyUnavailable();
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

    @Test
    void transactionsAndScriptsThroughRedisPy() {
        assertTrue(Files.isRegularFile(SCRIPT), () -> SCRIPT.toAbsolutePath() + " is missing");
        RedisPyInteropTest.Result r = RedisPyInteropTest.run(90, RedisPyInteropTest.PYTHON, SCRIPT.toString(),
                Integer.toString(target.port()));
        assertEquals(0, r.exit(), () -> name + ": scripting.py failed:\n" + r.output());
        assertTrue(r.output().matches("(?s).*scripting\\.py: \\d+ checks passed\\s*"), r.output());
    }
}

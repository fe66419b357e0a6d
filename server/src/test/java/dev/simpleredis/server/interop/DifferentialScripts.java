package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * What a differential suite of one data type needs: a real redis-server and simpleredis on one
 * engine (a subclass is a {@code @ParameterizedClass} over {@link Interop#engines()}), both
 * flushed before each test, and {@link #check} to run a {@link Script} on both and fail with every
 * reply that differs.
 */
abstract class DifferentialScripts {

    @Parameter
    String engine;

    static Target simpleredis;
    static Target redis;
    static final List<String> knownStillDifferent = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(String engine) {
        redis = Target.start(Interop.REDIS);
        simpleredis = Target.start(engine);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (!knownStillDifferent.isEmpty()) {
            System.out.println(simpleredis + ": known mismatches with Redis still present:\n  "
                    + String.join("\n  ", knownStillDifferent));
            knownStillDifferent.clear();
        }
        if (simpleredis != null) {
            simpleredis.close();
            simpleredis = null;
        }
    }

    @BeforeEach
    void flush() {
        redis.flushAll();
        simpleredis.flushAll();
    }

    void check(String script) {
        List<Script.Difference> diffs = Script.parse(script).run(simpleredis.port(), redis.port(), knownStillDifferent);
        if (!diffs.isEmpty()) {
            fail(engine + ": " + diffs.size() + " replies differ from Redis:\n"
                    + diffs.stream().map(Script.Difference::toString).collect(Collectors.joining("\n")));
        }
    }
}

package dev.simpleredis.server.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the interop suites run against, in one place.
 *
 * <p>Targets are the storage engines ({@code memory}, {@code mapdb}, {@code h2}: add a new engine
 * to {@link #ENGINES}) plus {@code redis}, a real redis-server: every suite runs its assertions
 * against Redis as well, which proves each expected reply is what Redis 7 answers.
 *
 * <p>System properties: {@code interop.engines} (comma-separated, e.g. {@code memory}) narrows the
 * engines; {@code interop.redis=false} leaves out the real Redis; {@code interop.strict=true} compares
 * the script lines marked as known mismatches too.
 */
final class Interop {

    /** Every storage engine the suites cover; a new engine module is one more name here. */
    static final List<String> ENGINES = List.of("memory", "mapdb", "h2");
    static final String REDIS = "redis";

    private Interop() {
    }

    static List<String> engineNames() {
        String p = System.getProperty("interop.engines", "").trim();
        if (p.isEmpty()) {
            return ENGINES;
        }
        return Arrays.stream(p.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The real Redis first, then every engine: for {@code @MethodSource}. */
    static Stream<String> targets() {
        List<String> all = new ArrayList<>();
        if (!"false".equals(System.getProperty("interop.redis"))) {
            all.add(REDIS);
        }
        all.addAll(engineNames());
        return all.stream();
    }

    /** Only the engines: for comparisons made against the real Redis. */
    static Stream<String> engines() {
        return engineNames().stream();
    }

    static boolean strict() {
        return Boolean.getBoolean("interop.strict");
    }

    /** The absolute path of an executable found on PATH, or null. */
    static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        return null;
    }
}

package dev.simpleredis.storage.memory;

import dev.simpleredis.api.storage.StorageConfig;
import dev.simpleredis.api.storage.StorageException;
import java.util.Locale;

/**
 * The append-only log's settings ({@code simpleredis.aof*}), validated once.
 *
 * @param enabled        {@code simpleredis.aof}: keep the log at all
 * @param repair         {@code simpleredis.aof.repair}: truncate a log corrupted in the middle
 * @param rewriteRatio   {@code simpleredis.aof.rewrite-ratio}: rewrite when the log is this many
 *                       times larger than the live data (or than the last rewrite)
 * @param rewriteMinSize {@code simpleredis.aof.rewrite-min-size}: never rewrite a smaller log
 * @param pauseAt        {@code simpleredis.aof.test-pause-at}: a rewrite stage to pause at, for crash tests
 * @param pauseMillis    {@code simpleredis.aof.test-pause-ms}: how long to pause there
 */
record LogSettings(boolean enabled, boolean repair, double rewriteRatio, long rewriteMinSize,
                   RewriteStage pauseAt, long pauseMillis) {

    /** Points in a rewrite where a crash test may pause it. */
    enum RewriteStage { NONE, SNAPSHOT, BEFORE_RENAME, AFTER_RENAME }

    static LogSettings from(StorageConfig config) {
        return new LogSettings(
                bool(config, "aof", true),
                bool(config, "aof.repair", false),
                number(config, "aof.rewrite-ratio", "2", 1.1, 1000),
                (long) number(config, "aof.rewrite-min-size", Long.toString(64L << 20), 0, Long.MAX_VALUE),
                stage(config.property("aof.test-pause-at", "none")),
                (long) number(config, "aof.test-pause-ms", "0", 0, 600_000));
    }

    private static boolean bool(StorageConfig config, String name, boolean defaultValue) {
        String text = config.property(name, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new StorageException("simpleredis." + name + ": expected true or false, got '" + text + "'");
        };
    }

    private static double number(StorageConfig config, String name, String defaultValue, double min, double max) {
        String text = config.property(name, defaultValue);
        try {
            double v = Double.parseDouble(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StorageException("simpleredis." + name + ": expected a number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static RewriteStage stage(String text) {
        try {
            return RewriteStage.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new StorageException("simpleredis.aof.test-pause-at: expected none, snapshot, before-rename or after-rename, got '" + text + "'");
        }
    }
}

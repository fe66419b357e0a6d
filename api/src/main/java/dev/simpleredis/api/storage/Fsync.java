package dev.simpleredis.api.storage;

import java.util.Locale;

/**
 * When an acknowledged write must be on disk; one meaning for every engine
 * ({@code simpleredis.fsync}).
 */
public enum Fsync {
    /** {@link StorageEngine#awaitDurable()} returns only once every earlier write is on disk. */
    ALWAYS,
    /** Writes reach the disk within about a second; a crash may lose that second. */
    EVERYSEC,
    /** The engine never forces the disk itself; the operating system decides. */
    NO;

    public static Fsync parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "everysec" -> EVERYSEC;
            case "no" -> NO;
            default -> throw new IllegalArgumentException("expected always, everysec or no, got '" + text + "'");
        };
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

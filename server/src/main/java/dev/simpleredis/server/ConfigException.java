package dev.simpleredis.server;

/** A setting is wrong or the server cannot start with it; the message names the property. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.simpleredis.api.storage;

/** A storage engine could not open, read or write its store; the message says what and where. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

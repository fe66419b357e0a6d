package dev.simpleredis.api.protocol;

/**
 * The byte stream is not a valid frame, or a frame exceeds a {@link Decoder.Limits limit}. The
 * stream cannot be resynchronised: the connection must be closed after reporting it.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super("Protocol error: " + message);
    }
}

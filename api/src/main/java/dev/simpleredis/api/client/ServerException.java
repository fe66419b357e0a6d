package dev.simpleredis.api.client;

/** The server answered a command with an error reply; the message is the reply's text. */
public final class ServerException extends RuntimeException {
    public ServerException(String message) {
        super(message);
    }
}

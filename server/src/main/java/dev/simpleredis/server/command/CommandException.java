package dev.simpleredis.server.command;

/** Ends a command with an error reply; the message is the reply's text, error code first. */
public final class CommandException extends RuntimeException {

    public CommandException(String reply) {
        super(reply, null, false, false);
    }

    static CommandException syntax() {
        return new CommandException("ERR syntax error");
    }

    static CommandException notInteger() {
        return new CommandException("ERR value is not an integer or out of range");
    }
}

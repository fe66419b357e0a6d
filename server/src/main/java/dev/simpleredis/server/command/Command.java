package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;

/** One command: parses its own arguments and applies itself. */
@FunctionalInterface
public interface Command {

    /**
     * Runs the command; the caller has checked its arity and holds the command lock.
     *
     * @return the reply, or null for none (SHUTDOWN, CLIENT REPLY OFF)
     * @throws CommandException to reply with an error; nothing may have been changed then
     */
    Value execute(Keyspace keyspace, Session session, Request request);
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * EXEC: runs the queued commands as one, atomically (their writes are one batch), and replies
 * with their replies; null when a WATCHed key changed; EXECABORT when a command could not be
 * queued. A command that fails at run time gives its error in its place, as in Redis.
 */
record Exec(ServerContext server) implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (!session.inMulti()) {
            throw new CommandException("ERR EXEC without MULTI");
        }
        boolean failed = session.queueHasFailed();
        List<Request> queued = session.endMulti();
        try {
            if (failed) {
                throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
            }
            if (server.watchBroken(session)) {
                return Value.Null.ARRAY;
            }
            List<Value> replies = new ArrayList<>(queued.size());
            for (Request r : queued) {
                Value reply;
                try {
                    reply = server.call(session, r, false);
                } catch (CommandException e) {
                    reply = new Value.Error(e.getMessage());
                }
                replies.add(reply == null ? Value.Null.INSTANCE : reply);
            }
            return new Value.Array(replies);
        } finally {
            server.unwatch(session);
        }
    }
}

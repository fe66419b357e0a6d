package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.ServerConfig;
import java.util.List;

/**
 * What the connection and server commands (CLIENT, CONFIG, INFO, SHUTDOWN, AUTH) need from the
 * running server beyond the data. Settings that CONFIG SET changes live here, not in the
 * immutable {@link ServerConfig}.
 */
public interface ServerContext {

    /** The settings the server started with. */
    ServerConfig config();

    /** simpleredis's own version. */
    String version();

    /** The port actually bound. */
    int port();

    /** When the server started, in milliseconds since the epoch. */
    long startedMillis();

    /** The sessions of the connections open now, in id order. */
    List<Session> sessions();

    /** How many clients a blocking command has parked. */
    int blockedClients();

    /** Closes another connection's socket at once (a command of its own may be finishing). */
    void kill(Session session);

    /** The password of the default user; empty when none is required. */
    String requirePass();

    void requirePass(String password);

    int maxClients();

    void maxClients(int value);

    /** The longest bulk string accepted from clients that connect from now on. */
    long maxBulkLength();

    void maxBulkLength(long value);

    ServerStats stats();

    /** Starts a clean shutdown, as on SIGTERM: connections close, then the store is flushed and closed. */
    void shutdown();

    /**
     * Runs a command inside the running one (EXEC's queue, a script's {@code redis.call}) and
     * returns its reply; its writes join the running command's batch. Blocking commands answer
     * at once.
     *
     * @param fromScript whether a script calls it: commands flagged {@code noscript} are refused
     * @throws CommandException the command's error
     */
    Value call(Session session, Request request, boolean fromScript);

    /** WATCHes {@code key} of the session's database. */
    void watch(Session session, byte[] key);

    /** Forgets every key the session WATCHes. */
    void unwatch(Session session);

    /** Whether a key the session WATCHes was written, or expired, since WATCH. */
    boolean watchBroken(Session session);

    /** For building a command table without a server (documentation, tests): every method fails. */
    ServerContext NONE = (ServerContext) java.lang.reflect.Proxy.newProxyInstance(
            ServerContext.class.getClassLoader(), new Class<?>[] {ServerContext.class}, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "toString" -> "ServerContext.NONE";
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                }
                throw new IllegalStateException("no server is running");
            });
}

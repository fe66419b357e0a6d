package dev.simpleredis.server.command;

import dev.simpleredis.api.protocol.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's state that commands read and change. Commands run one at a time under the
 * server's command lock; fields other commands' connections read (CLIENT LIST) are volatile.
 */
public final class Session {

    private final long id;
    private final Dialect defaultDialect;
    private final String address;
    private final String localAddress;
    private final long createdMillis;
    private volatile Dialect dialect;
    private volatile int db;
    private volatile boolean closing;
    private volatile boolean authenticated;
    private volatile String name;
    private volatile String libName;
    private volatile String libVersion;
    private volatile long lastCommandMillis;
    private volatile String lastCommand;
    private volatile boolean noEvict;
    private volatile boolean noTouch;
    private boolean repliesOff;
    /** MULTI's queued commands; null when no transaction is open. */
    private List<Request> queued;
    private boolean queueFailed;
    /** Set by a write to a WATCHed key: the next EXEC fails. */
    private volatile boolean watchBroken;
    /** Keys WATCHed, as database and key; empty when none. */
    private final List<Watched> watched = new ArrayList<>();
    /** False while the commands of an EXEC or a script run: a blocking command then answers at once. */
    private boolean mayBlock = true;
    /** Set while a blocking command of this client is parked, and while the server retries it. */
    private volatile boolean blocked;
    private boolean skipNextReply;
    private boolean skipThisReply;

    /** A session with no known addresses that needs no authentication, for tests and tools. */
    public Session(long id, Dialect dialect) {
        this(id, dialect, "?:0", "?:0", true);
    }

    /**
     * @param dialect       the server's default dialect, restored by RESET
     * @param address       the client's {@code ip:port}
     * @param localAddress  the server's {@code ip:port} the client connected to
     * @param authenticated false when a password is required
     */
    public Session(long id, Dialect dialect, String address, String localAddress, boolean authenticated) {
        this.id = id;
        this.defaultDialect = dialect;
        this.dialect = dialect;
        this.address = address;
        this.localAddress = localAddress;
        this.authenticated = authenticated;
        this.createdMillis = System.currentTimeMillis();
        this.lastCommandMillis = createdMillis;
    }

    public long id() {
        return id;
    }

    public Dialect dialect() {
        return dialect;
    }

    void dialect(Dialect value) {
        dialect = value;
    }

    /** True when replies follow the seed's conventions rather than Redis's. */
    public boolean seed() {
        return dialect == Dialect.SEED;
    }

    public int db() {
        return db;
    }

    void select(int db) {
        this.db = db;
    }

    /** Set by QUIT, CLIENT KILL of oneself and SHUTDOWN: the connection closes once the reply is written. */
    public boolean closing() {
        return closing;
    }

    void close() {
        closing = true;
    }

    public boolean authenticated() {
        return authenticated;
    }

    void authenticated(boolean value) {
        authenticated = value;
    }

    public String address() {
        return address;
    }

    public String localAddress() {
        return localAddress;
    }

    /** The name CLIENT SETNAME gave, or null. */
    public String name() {
        return name;
    }

    void name(String value) {
        name = value == null || value.isEmpty() ? null : value;
    }

    String libName() {
        return libName;
    }

    void libName(String value) {
        libName = value == null || value.isEmpty() ? null : value;
    }

    String libVersion() {
        return libVersion;
    }

    void libVersion(String value) {
        libVersion = value == null || value.isEmpty() ? null : value;
    }

    long createdMillis() {
        return createdMillis;
    }

    long lastCommandMillis() {
        return lastCommandMillis;
    }

    /** The full name of the last command run, e.g. {@code client|list}, or {@code NULL}. */
    String lastCommand() {
        return lastCommand == null ? "NULL" : lastCommand;
    }

    void noEvict(boolean value) {
        noEvict = value;
    }

    void noTouch(boolean value) {
        noTouch = value;
    }

    /** CLIENT LIST's flags: {@code c} closing, {@code e} no-evict, {@code T} no-touch, else {@code N}. */
    String flags() {
        StringBuilder sb = new StringBuilder();
        if (blocked) {
            sb.append('b');
        }
        if (closing) {
            sb.append('c');
        }
        if (noEvict) {
            sb.append('e');
        }
        if (noTouch) {
            sb.append('T');
        }
        return sb.isEmpty() ? "N" : sb.toString();
    }

    /** CLIENT LIST's {@code resp}: 3 for RESP3, 2 for RESP2 and the seed dialect (RESP2 framing). */
    int protocolVersion() {
        return dialect == Dialect.RESP3 ? 3 : 2;
    }

    /** Called by the server as command {@code fullName} starts. */
    public void commandStarted(String fullName, long nowMillis) {
        lastCommand = fullName;
        lastCommandMillis = nowMillis;
        skipThisReply = skipNextReply;
        skipNextReply = false;
    }

    /** Whether the reply of the command that just ran is to be sent (CLIENT REPLY OFF / SKIP). */
    public boolean replyWanted() {
        return !repliesOff && !skipThisReply;
    }

    /** CLIENT REPLY ON, OFF or SKIP. */
    void replies(String mode) {
        switch (mode) {
            case "on" -> {
                repliesOff = false;
                skipNextReply = false;
                skipThisReply = false;
            }
            case "off" -> repliesOff = true;
            default -> {
                if (!repliesOff) {
                    skipNextReply = true;
                    skipThisReply = true;
                }
            }
        }
    }

    /** Whether MULTI has opened a transaction that EXEC or DISCARD has not ended. */
    public boolean inMulti() {
        return queued != null;
    }

    void multi() {
        queued = new ArrayList<>();
        queueFailed = false;
    }

    /** Queues a command of the open transaction. */
    public void queue(Request request) {
        queued.add(request);
    }

    /** A command could not be queued: EXEC will abort. */
    public void queueFailed() {
        queueFailed = true;
    }

    boolean queueHasFailed() {
        return queueFailed;
    }

    /** Ends the transaction and returns its commands. */
    List<Request> endMulti() {
        List<Request> commands = queued;
        queued = null;
        queueFailed = false;
        return commands;
    }

    /** A WATCHed key: database, key, and whether it existed when WATCH ran. */
    public record Watched(int db, byte[] key, boolean existed) {
    }

    public List<Watched> watched() {
        return watched;
    }

    /** A key this session WATCHes was written: its next EXEC returns null. */
    public void breakWatch() {
        watchBroken = true;
    }

    public boolean watchBroken() {
        return watchBroken;
    }

    /** Forgets the WATCHed keys (the server's index of watchers too: see {@link ServerContext#unwatch}). */
    public void clearWatched() {
        watched.clear();
        watchBroken = false;
    }

    /** Whether a blocking command may park this client (not inside EXEC or a script). */
    public boolean mayBlock() {
        return mayBlock;
    }

    /**
     * Whether the client waits in a blocking command. Still true while the server re-runs that
     * command after a write to one of its keys: a blocking command can tell a retry from its first
     * run (Redis serves a waiting client only from a key of the type it waits for).
     */
    public boolean blocked() {
        return blocked;
    }

    /** Set by the server as it parks the client's blocking command and as it hands over its reply. */
    public void blocked(boolean value) {
        blocked = value;
    }

    /** Runs {@code body} with blocking off, as EXEC and scripts run their commands. */
    public <T> T withoutBlocking(java.util.function.Supplier<T> body) {
        boolean before = mayBlock;
        mayBlock = false;
        try {
            return body.get();
        } finally {
            mayBlock = before;
        }
    }

    /** RESET: the state of a new connection, except its id, addresses and client library. */
    void reset(boolean authenticatedByDefault) {
        dialect = defaultDialect;
        db = 0;
        name = null;
        authenticated = authenticatedByDefault;
        repliesOff = false;
        skipNextReply = false;
        skipThisReply = false;
        noEvict = false;
        noTouch = false;
        queued = null;
        queueFailed = false;
    }
}

package dev.simpleredis.server;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.server.command.Block;
import dev.simpleredis.server.command.CommandException;
import dev.simpleredis.server.command.CommandSpec;
import dev.simpleredis.server.command.CommandTable;
import dev.simpleredis.server.command.Request;
import dev.simpleredis.server.command.ServerContext;
import dev.simpleredis.server.command.ServerStats;
import dev.simpleredis.server.command.Session;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: serves its connections from one {@link EventLoop} and runs their commands
 * one at a time under a single lock, so every command is atomic as in Redis. Durability waits
 * happen outside the lock, once per turn of the loop, so concurrent clients share one sync.
 */
public final class Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Server.class);
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final long EXPIRE_PERIOD_MILLIS = 100;
    private static final int EXPIRE_STEP = 200;

    private final ServerConfig config;
    private final StorageEngine engine;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final ServerStats stats = new ServerStats();
    private final long startedMillis = System.currentTimeMillis();
    private final int port;
    private final EventLoop loop;
    private final ReentrantLock commandLock = new ReentrantLock();
    private final Watches watches = new Watches();
    private final Blocking blocking = new Blocking();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong();
    private final Thread expirer;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean closed;
    /** The settings CONFIG SET changes. */
    private volatile String requirePass;
    private volatile int maxClients;
    private volatile Decoder.Limits limits;

    private Server(ServerConfig config, StorageEngine engine, ServerSocketChannel listener) throws IOException {
        this.config = config;
        this.engine = engine;
        this.keyspace = new Keyspace(engine, config.databases());
        this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        this.requirePass = config.requirePass();
        this.maxClients = config.maxClients();
        this.limits = config.limits();
        this.commands = CommandTable.standard(new Context());
        this.loop = new EventLoop(this, listener);
        this.loop.start();
        this.expirer = Thread.ofVirtual().name("simpleredis-expire").start(this::expireLoop);
    }

    /**
     * Opens the configured engine, binds and starts accepting.
     *
     * @throws ConfigException when a setting is wrong, the engine cannot open or the port is taken
     */
    public static Server start(ServerConfig config) {
        // Bind first: a second server started on a taken port must fail before it opens (and
        // perhaps replays) a store that the running server is using.
        ServerSocketChannel listener = listen(config);
        StorageEngine engine = null;
        try {
            engine = Engines.open(config, Server.class.getClassLoader());
            return new Server(config, engine, listener);
        } catch (IOException | RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            try {
                listener.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof IOException io ? new ConfigException("cannot serve clients: " + io.getMessage(), io) : (RuntimeException) e;
        }
    }

    private static ServerSocketChannel listen(ServerConfig config) {
        String address = config.bind() + ":" + config.port();
        try {
            ServerSocketChannel listener = ServerSocketChannel.open();
            try {
                listener.socket().setReuseAddress(true);
                listener.bind(new InetSocketAddress(InetAddress.getByName(config.bind()), config.port()), 1024);
                return listener;
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
        } catch (BindException e) {
            throw new ConfigException(ServerConfig.PREFIX + "port: cannot listen on " + address + ": " + e.getMessage()
                    + " (is another server running on that port?)");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(ServerConfig.PREFIX + "bind: cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    public ServerConfig config() {
        return config;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return port;
    }

    /** A client the loop accepted: its connection, or one that refuses it when maxclients are connected. */
    Connection accepted(EventLoop loop, SocketChannel channel, SelectionKey key) throws IOException {
        boolean full = connections.size() >= maxClients;
        Session session = new Session(full ? 0 : nextId.incrementAndGet(), config.protocol(),
                address((InetSocketAddress) channel.getRemoteAddress()), address((InetSocketAddress) channel.getLocalAddress()),
                requirePass.isEmpty());
        Connection connection = new Connection(this, loop, channel, key, session);
        if (full) {
            stats.connectionRejected();
            connection.refuse(MAX_CLIENTS);
            return connection;
        }
        stats.connectionReceived();
        connections.add(connection);
        return connection;
    }

    /**
     * The active expiry cycle: ten times a second, deletes keys whose time has come, in small
     * steps that each take the command lock briefly, so clients are never stalled for long.
     */
    private void expireLoop() {
        while (!closed) {
            try {
                Thread.sleep(EXPIRE_PERIOD_MILLIS);
                stats.sample(System.currentTimeMillis());
                int deleted;
                do {
                    commandLock.lock();
                    try {
                        deleted = closed ? 0 : keyspace.expireDue(System.currentTimeMillis(), EXPIRE_STEP);
                        commit();
                    } catch (RuntimeException e) {
                        keyspace.discard();
                        throw e;
                    } finally {
                        commandLock.unlock();
                    }
                } while (deleted == EXPIRE_STEP);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    log.error("active expiry failed: {}", e.toString());
                }
            }
        }
    }

    /** {@code ip:port} as Redis prints addresses, IPv6 ones in brackets. */
    private static String address(InetSocketAddress address) {
        String host = address == null || address.getAddress() == null ? "?" : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + (address == null ? 0 : address.getPort());
    }

    /**
     * Runs one request of {@code connection} and encodes its reply into {@code replies} (unless
     * the command has no reply, the connection turned replies off, or the command blocked: then
     * {@link Connection#resume} delivers the reply later).
     *
     * @return whether the command wrote data (the reply must wait until it is durable)
     */
    boolean execute(Connection connection, Value request, Output replies) {
        Session session = connection.session();
        Value reply;
        boolean wrote = false;
        if (!(request instanceof Value.Array array) || array.items().isEmpty()) {
            reply = new Value.Error("ERR Protocol error: expected a command as an array of arguments");
        } else {
            Request req = new Request(array.items());
            commandLock.lock();
            try {
                CommandSpec spec;
                try {
                    spec = commands.lookup(req);
                } catch (CommandException e) {
                    if (session.inMulti()) {
                        session.queueFailed();
                    }
                    throw e;
                }
                if (!session.authenticated() && !spec.has(CommandSpec.Flag.NO_AUTH) && !requirePass.isEmpty()) {
                    throw new CommandException("NOAUTH Authentication required.");
                }
                session.commandStarted(spec.name(), System.currentTimeMillis());
                stats.commandProcessed();
                if (session.inMulti() && !RUN_IN_MULTI.contains(spec.name())) {
                    session.queue(req);
                    reply = QUEUED;
                } else {
                    try {
                        reply = run(session, spec, req);
                        wrote = commit();
                    } catch (Block block) {
                        keyspace.discard();
                        park(connection, spec, req, block);
                        return false;
                    }
                }
            } catch (CommandException e) {
                keyspace.discard();
                reply = new Value.Error(e.getMessage());
            } catch (RuntimeException e) {
                keyspace.discard();
                log.error("command failed: {}", e.toString(), e);
                reply = new Value.Error("ERR internal error: " + e.getMessage());
            } finally {
                commandLock.unlock();
            }
        }
        reply(session, reply, replies);
        return wrote;
    }

    /** Commands that run at once inside MULTI instead of being queued. */
    private static final Set<String> RUN_IN_MULTI = Set.of("exec", "discard", "multi", "watch", "quit", "reset");
    private static final Value QUEUED = new Value.Simple("QUEUED");

    /** Encodes a reply, if the client wants it, counting errors. */
    void reply(Session session, Value reply, Output replies) {
        if (reply instanceof Value.Error error) {
            stats.errorReplied(error.text());
        }
        if (reply != null && session.replyWanted()) {
            Encoder.encode(reply, session.dialect(), replies);
        }
    }

    /** Runs one command; the caller holds the command lock and commits or discards its writes. */
    private Value run(Session session, CommandSpec spec, Request req) {
        keyspace.countLookups(spec.has(CommandSpec.Flag.READONLY));
        try {
            return spec.command().execute(keyspace, session, req);
        } finally {
            keyspace.countLookups(false);
        }
    }

    /**
     * Commits the writes of the command just run, tells WATCHers, and serves the clients parked
     * on keys it wrote (whose pops may make more keys ready: served until none is).
     *
     * @return whether anything was written
     */
    private boolean commit() {
        boolean wrote = !keyspace.nothingWritten();
        commitWrites();
        DbKey key;
        while ((key = blocking.nextReady()) != null) {
            // once a waiter finds nothing, the later ones waiting for the same type would too
            EnumSet<KeyType> exhausted = EnumSet.noneOf(KeyType.class);
            for (Blocking.Waiter waiter : blocking.waiters(key)) {
                if (exhausted.contains(waiter.type)) {
                    continue;
                }
                Value reply;
                try {
                    reply = run(waiter.connection.session(), waiter.spec, waiter.request);
                } catch (Block stillEmpty) {
                    keyspace.discard();
                    exhausted.add(waiter.type);
                    continue;
                } catch (CommandException e) {
                    keyspace.discard();
                    reply = new Value.Error(e.getMessage());
                }
                boolean popped = !keyspace.nothingWritten();
                commitWrites();
                unpark(waiter, reply, popped);
            }
        }
        return wrote;
    }

    /** Commits the buffered writes, telling WATCH and the parked clients only when there are any. */
    private void commitWrites() {
        keyspace.commit(watches.isEmpty() && blocking.isEmpty() ? null : changes);
    }

    private final Keyspace.Changes changes = new Keyspace.Changes() {
        @Override
        public void changed(int db, byte[] key) {
            watches.changed(db, key);
            blocking.changed(db, key);
        }

        @Override
        public void flushed(int db) {
            watches.flushed(db);
        }
    };

    /** Parks a client whose blocking command found nothing, with a timer for its timeout. */
    private void park(Connection connection, CommandSpec spec, Request req, Block block) {
        Blocking.Waiter waiter = new Blocking.Waiter(connection, spec, req, connection.session().db(), block.type(),
                block.keys());
        connection.blocked(waiter);
        connection.session().blocked(true);
        blocking.park(waiter);
        if (block.timeoutMillis() > 0) {
            waiter.timer = Thread.ofVirtual().name("block-timeout-" + connection.session().id()).start(() -> {
                try {
                    Thread.sleep(block.timeoutMillis());
                } catch (InterruptedException e) {
                    return; // served first
                }
                commandLock.lock();
                try {
                    if (blocking.remove(waiter)) {
                        unpark(waiter, block.timeoutReply(), false);
                    }
                } finally {
                    commandLock.unlock();
                }
            });
        }
    }

    /** Hands a parked client its reply, off the command lock. */
    private void unpark(Blocking.Waiter waiter, Value reply, boolean wrote) {
        blocking.remove(waiter);
        waiter.connection.session().blocked(false);
        if (waiter.timer != null && waiter.timer != Thread.currentThread()) {
            waiter.timer.interrupt();
        }
        loop.execute(() -> waiter.connection.resume(reply, wrote));
    }

    /** The decoder limits for a new connection: the configured ones with CONFIG SET's bulk length. */
    Decoder.Limits limits() {
        return limits;
    }

    ServerStats stats() {
        return stats;
    }

    /** For tests in this package: the data, bypassing commands and expiry. */
    Keyspace keyspace() {
        return keyspace;
    }

    /** Held while commands run; a connection holds it across the requests of one read. */
    ReentrantLock commandLock() {
        return commandLock;
    }

    void awaitDurable() {
        engine.awaitDurable();
    }

    /** A connection ended: it stops counting against maxclients, watching and waiting. */
    void closed(Connection connection) {
        if (connection.waiter() != null || !connection.session().watched().isEmpty()) {
            commandLock.lock();
            try {
                unblock(connection);
                watches.unwatch(connection.session());
            } finally {
                commandLock.unlock();
            }
        }
        // last, so that once CLIENT LIST no longer shows the client, no write can be handed to it
        connections.remove(connection);
    }

    /** Forgets the parked command of a connection that is going away; the caller holds the command lock. */
    private void unblock(Connection connection) {
        Blocking.Waiter waiter = connection.waiter();
        if (waiter != null && blocking.remove(waiter) && waiter.timer != null) {
            waiter.timer.interrupt();
        }
    }

    /**
     * Stops accepting, closes every connection, then flushes and closes the store. A second call,
     * or one racing with SHUTDOWN's, returns once the first has finished.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            stop();
        } finally {
            terminated.countDown();
        }
    }

    /** Waits until the server has stopped: closed by {@link #close()}, SHUTDOWN or SIGTERM. */
    public void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return terminated.getCount() == 0;
    }

    private void stop() {
        closed = true;
        loop.close();
        connections.forEach(Connection::close);
        // The expiry cycle is not interrupted but waited for: an interrupt inside an engine's
        // file I/O would close its files.
        try {
            expirer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commandLock.lock();
        try {
            engine.close();
        } finally {
            commandLock.unlock();
        }
    }

    /** What the connection and server commands see of this server. */
    private final class Context implements ServerContext {
        private final String version = Main.version();

        @Override
        public ServerConfig config() {
            return config;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public int port() {
            return Server.this.port();
        }

        @Override
        public long startedMillis() {
            return startedMillis;
        }

        @Override
        public List<Session> sessions() {
            return connections.stream().map(Connection::session).sorted(Comparator.comparingLong(Session::id)).toList();
        }

        @Override
        public int blockedClients() {
            return blocking.size();
        }

        @Override
        public void kill(Session session) {
            for (Connection c : connections) {
                if (c.session() == session) {
                    unblock(c); // at once: a write from now on must not be handed to a closed client
                    connections.remove(c);
                    c.close();
                }
            }
        }

        @Override
        public String requirePass() {
            return requirePass;
        }

        @Override
        public void requirePass(String password) {
            requirePass = password;
        }

        @Override
        public int maxClients() {
            return maxClients;
        }

        @Override
        public void maxClients(int value) {
            maxClients = value;
        }

        @Override
        public long maxBulkLength() {
            return limits.maxBulkLength();
        }

        @Override
        public void maxBulkLength(long value) {
            Decoder.Limits l = limits;
            limits = new Decoder.Limits(value, l.maxElements(), l.maxDepth(), l.maxInlineLength());
        }

        @Override
        public ServerStats stats() {
            return stats;
        }

        @Override
        public Value call(Session session, Request request, boolean fromScript) {
            CommandSpec spec = commands.lookup(request);
            if (fromScript && spec.has(CommandSpec.Flag.NOSCRIPT)) {
                throw new CommandException("ERR This Redis command is not allowed from script");
            }
            stats.commandProcessed();
            return session.withoutBlocking(() -> run(session, spec, request));
        }

        @Override
        public void watch(Session session, byte[] key) {
            watches.watch(session, session.db(), key, keyspace.stored(session.db(), key) != null);
        }

        @Override
        public void unwatch(Session session) {
            watches.unwatch(session);
        }

        @Override
        public boolean watchBroken(Session session) {
            boolean broken = session.watchBroken();
            for (Session.Watched w : session.watched()) {
                // A key that expired since WATCH counts as changed, as in Redis.
                broken |= w.existed() && keyspace.stored(w.db(), w.key()) == null;
            }
            return broken;
        }

        @Override
        public void shutdown() {
            log.info("SHUTDOWN asked by a client: stopping");
            Thread.ofPlatform().name("simpleredis-shutdown-command").start(Server.this::close);
        }
    }
}

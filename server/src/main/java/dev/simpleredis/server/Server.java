package dev.simpleredis.server;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.server.command.CommandException;
import dev.simpleredis.server.command.CommandSpec;
import dev.simpleredis.server.command.CommandTable;
import dev.simpleredis.server.command.Request;
import dev.simpleredis.server.command.Session;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: accepts connections, one virtual thread each, and runs their commands one
 * at a time under a single lock, so every command is atomic as in Redis. Durability waits happen
 * outside the lock, so concurrent clients share one sync.
 */
public final class Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Server.class);
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final long EXPIRE_PERIOD_MILLIS = 100;
    private static final int EXPIRE_STEP = 200;

    private final ServerConfig config;
    private final StorageEngine engine;
    private final Keyspace keyspace;
    private final CommandTable commands = CommandTable.standard();
    private final ServerSocket listener;
    private final ReentrantLock commandLock = new ReentrantLock();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong();
    private final Thread acceptor;
    private final Thread expirer;
    private volatile boolean closed;

    private Server(ServerConfig config, StorageEngine engine, ServerSocket listener) {
        this.config = config;
        this.engine = engine;
        this.keyspace = new Keyspace(engine, config.databases());
        this.listener = listener;
        this.acceptor = Thread.ofPlatform().name("simpleredis-accept").start(this::acceptLoop);
        this.expirer = Thread.ofVirtual().name("simpleredis-expire").start(this::expireLoop);
    }

    /**
     * Opens the configured engine, binds and starts accepting.
     *
     * @throws ConfigException when a setting is wrong, the engine cannot open or the port is taken
     */
    public static Server start(ServerConfig config) {
        StorageEngine engine = Engines.open(config, Server.class.getClassLoader());
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(config.bind()), config.port()), 1024);
            return new Server(config, engine, listener);
        } catch (BindException e) {
            engine.close();
            throw new ConfigException(ServerConfig.PREFIX + "port: cannot listen on " + config.bind() + ":" + config.port()
                    + ": " + e.getMessage() + " (is another server running on that port?)");
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw new ConfigException(ServerConfig.PREFIX + "bind: cannot listen on " + config.bind() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    public ServerConfig config() {
        return config;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("accept failed: {}", e.toString());
                }
                continue;
            }
            if (connections.size() >= config.maxClients()) {
                Thread.ofVirtual().name("simpleredis-refuse").start(() -> refuse(socket));
                continue;
            }
            Connection connection = new Connection(this, socket, new Session(nextId.incrementAndGet(), config.protocol()));
            connections.add(connection);
            if (closed) {
                connection.close();
            }
            Thread.ofVirtual().name("client-" + connection.session().id()).start(connection);
        }
    }

    /**
     * The active expiry cycle: ten times a second, deletes keys whose time has come, in small
     * steps that each take the command lock briefly, so clients are never stalled for long.
     */
    private void expireLoop() {
        while (!closed) {
            try {
                Thread.sleep(EXPIRE_PERIOD_MILLIS);
                int deleted;
                do {
                    commandLock.lock();
                    try {
                        deleted = closed ? 0 : keyspace.expireDue(System.currentTimeMillis(), EXPIRE_STEP);
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

    /** Off the accept thread: the error must be read before the close, which may take a moment. */
    private static void refuse(Socket socket) {
        try (socket) {
            socket.getOutputStream().write(MAX_CLIENTS);
            Connection.closeGently(socket, socket.getInputStream());
        } catch (IOException e) {
            log.debug("refusing a client: {}", e.getMessage());
        }
    }

    /**
     * Runs one request and encodes its reply into {@code replies}.
     *
     * @return whether the command may have written data
     */
    boolean execute(Session session, Value request, Output replies) {
        Value reply;
        boolean writes = false;
        if (!(request instanceof Value.Array array) || array.items().isEmpty()) {
            reply = new Value.Error("ERR Protocol error: expected a command as an array of arguments");
        } else {
            Request req = new Request(array.items());
            commandLock.lock();
            try {
                CommandSpec spec = commands.lookup(req);
                writes = spec.writes();
                reply = spec.command().execute(keyspace, session, req);
            } catch (CommandException e) {
                reply = new Value.Error(e.getMessage());
            } catch (RuntimeException e) {
                log.error("command failed: {}", e.toString(), e);
                reply = new Value.Error("ERR internal error: " + e.getMessage());
            } finally {
                commandLock.unlock();
            }
        }
        Encoder.encode(reply, session.dialect(), replies);
        return writes;
    }

    /** For tests in this package: the data, bypassing commands and expiry. */
    Keyspace keyspace() {
        return keyspace;
    }

    void awaitDurable() {
        engine.awaitDurable();
    }

    void closed(Connection connection) {
        connections.remove(connection);
    }

    /** Stops accepting, closes every connection, then flushes and closes the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("closing listener: {}", e.getMessage());
        }
        connections.forEach(Connection::close);
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        expirer.interrupt();
        commandLock.lock();
        try {
            engine.close();
        } finally {
            commandLock.unlock();
        }
    }
}

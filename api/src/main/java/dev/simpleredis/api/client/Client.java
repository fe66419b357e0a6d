package dev.simpleredis.api.client;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A blocking client for the seed commands, with Java types in and out: {@code String},
 * {@code byte[]}, {@code Long}/{@code Integer}, {@code Double}, {@code Boolean}, {@code List},
 * {@code Map} and {@code null}. Bulk strings come back as UTF-8 {@code String}s; error replies
 * are thrown as {@link ServerException}.
 *
 * <p>If the server has closed the connection (it restarted, or the client sent {@code QUIT}),
 * the next command reconnects and is sent again, once. A command whose reply was lost midway is
 * not retried: its outcome is unknown, and the {@link UncheckedIOException} says so.
 *
 * <p>Not thread-safe: one client per thread.
 */
public final class Client implements AutoCloseable {

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private Decoder decoder;
    private final byte[] readBuffer = new byte[16 * 1024];
    private final Output output = new Output();
    /** Requests longer than this are written while the replies are read; see {@link #startWriting}. */
    private static final int WRITE_INLINE_MAX = 64 * 1024;

    public Client() {
        this("127.0.0.1", 6379);
    }

    public Client(String host, int port) {
        this(host, port, 30_000);
    }

    public Client(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    public Object get(String key) {
        return call("GET", key);
    }

    public byte[] getBytes(String key) {
        Value v = callValue("GET", key);
        return v instanceof Value.Bulk b ? b.bytes() : null;
    }

    public Object set(String key, Object value) {
        return call("SET", key, value);
    }

    public Object delete(String... keys) {
        return call(prepend("DELETE", (Object[]) keys));
    }

    public Object flush() {
        return call("FLUSH");
    }

    @SuppressWarnings("unchecked")
    public List<Object> mget(String... keys) {
        return (List<Object>) call(prepend("MGET", (Object[]) keys));
    }

    /** {@code mset(k1, v1, k2, v2, ...)}. */
    public Object mset(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("mset takes key/value pairs");
        }
        return call(prepend("MSET", keysAndValues));
    }

    /** {@code mset} from a map, in its iteration order. */
    public Object mset(Map<String, ?> entries) {
        List<Object> args = new ArrayList<>();
        args.add("MSET");
        entries.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return call(args.toArray());
    }

    public Object ping() {
        return call("PING");
    }

    /** Sends any command; arguments are converted as described in the class comment. */
    public Object call(Object... command) {
        return Values.orThrow(Values.toJava(callValue(command)));
    }

    /** Sends any command and returns the reply as it came, errors included. */
    public Value callValue(Object... command) {
        return exchange(List.of(request(command))).getFirst();
    }

    /** Starts a pipeline: commands are queued and sent together by {@link Pipeline#sync()}. */
    public Pipeline pipeline() {
        return new Pipeline(this);
    }

    List<Value> exchange(List<Value> requests) {
        output.reset();
        for (Value request : requests) {
            Encoder.encode(request, Dialect.SEED, output);
        }
        boolean reconnected = false;
        while (true) {
            boolean fresh = ensureConnected();
            Thread writer = null;
            if (output.size() <= WRITE_INLINE_MAX) {
                try {
                    output.writeTo(out);
                    out.flush();
                } catch (IOException e) {
                    if (fresh || reconnected) {
                        throw failed(e);
                    }
                    reconnected = true;
                    disconnect();
                    continue;
                }
            } else {
                writer = startWriting(out);
            }
            List<Value> replies = new ArrayList<>(requests.size());
            try {
                while (replies.size() < requests.size()) {
                    replies.add(read());
                }
                join(writer);
                return replies;
            } catch (EOFException e) {
                disconnect();
                join(writer);
                // Nothing at all came back: the server had closed this connection before it read
                // the request, so sending it again cannot run it twice.
                if (replies.isEmpty() && !fresh && !reconnected && !decoder.hasBufferedInput()) {
                    reconnected = true;
                    continue;
                }
                throw failed(e);
            } catch (IOException e) {
                disconnect();
                join(writer);
                throw failed(e);
            }
        }
    }

    /**
     * Writes a long pipeline on another thread while this one reads the replies: written first
     * and read after, both sides would block for ever once the socket buffers filled up with
     * requests one way and replies the other. A failed write shows up as a failed read.
     */
    private Thread startWriting(OutputStream target) {
        return Thread.ofVirtual().name("simpleredis-client-write").start(() -> {
            try {
                output.writeTo(target);
                target.flush();
            } catch (IOException e) {
                // the connection broke: the reading side sees it and reports it
            }
        });
    }

    /** Waits for the writer; it ends once the server has read everything or the socket is closed. */
    private static void join(Thread writer) {
        if (writer == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Value read() throws IOException {
        while (true) {
            Value v;
            try {
                v = decoder.next();
            } catch (ProtocolException e) {
                disconnect();
                throw new IOException(e.getMessage(), e);
            }
            if (v != null) {
                return v;
            }
            int n = in.read(readBuffer);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            decoder.feed(readBuffer, 0, n);
        }
    }

    private boolean ensureConnected() {
        if (socket != null) {
            return false;
        }
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            decoder = new Decoder();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("connection to " + host + ":" + port + " failed: " + e.getMessage(), e);
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing more to do
            }
            socket = null;
        }
    }

    static Value request(Object... command) {
        return Values.toValue(Arrays.asList(command));
    }

    private static Object[] prepend(String name, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    @Override
    public void close() {
        disconnect();
    }
}

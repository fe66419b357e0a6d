package dev.simpleredis.api.client;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real server socket on 127.0.0.1 that answers each request as a script says: with a value,
 * by closing, or with half a reply and then closing. It records every request it reads.
 */
final class ScriptedServer implements AutoCloseable {

    /** What to do with one request. */
    sealed interface Action {
    }

    record Reply(Value value) implements Action {
    }

    /** Reply, then close the connection (as QUIT does). */
    record ReplyAndClose(Value value) implements Action {
    }

    /** Close without replying. */
    record Close() implements Action {
    }

    /** Write these raw bytes, then close: a reply cut off midway. */
    record Partial(byte[] bytes) implements Action {
    }

    private final ServerSocket listener;
    private final Function<Value, Action> script;
    private final List<Value> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    ScriptedServer(Function<Value, Action> script) throws IOException {
        this(0, script);
    }

    ScriptedServer(int port, Function<Value, Action> script) throws IOException {
        this.script = script;
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = Thread.ofPlatform().daemon().name("scripted-accept").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Value> requests() {
        return requests;
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Decoder decoder = new Decoder();
            byte[] buf = new byte[8192];
            while (true) {
                Value request;
                while ((request = decoder.next()) != null) {
                    requests.add(request);
                    Action action = script.apply(request);
                    switch (action) {
                        case Reply r -> out.write(Encoder.encode(r.value(), Dialect.SEED));
                        case ReplyAndClose r -> {
                            out.write(Encoder.encode(r.value(), Dialect.SEED));
                            return;
                        }
                        case Close c -> {
                            return;
                        }
                        case Partial p -> {
                            out.write(p.bytes());
                            out.flush();
                            return;
                        }
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                decoder.feed(buf, 0, n);
            }
        } catch (IOException | ProtocolException e) {
            // the test sees the effect on the client
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

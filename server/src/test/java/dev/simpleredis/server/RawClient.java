package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A plain socket to the server for tests that need exact bytes: sends whatever it is given and
 * reads replies frame by frame. Every read has a timeout, so a missing reply fails the test
 * instead of hanging it.
 */
final class RawClient implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Decoder decoder = new Decoder(new Decoder.Limits(Integer.MAX_VALUE - 16, Integer.MAX_VALUE, 100_000, 1 << 20));
    private final byte[] buf = new byte[64 * 1024];
    /** Bytes received from stream offset {@link #receivedBase} on, for {@link #readRaw()}. */
    private final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    private long receivedBase;
    private byte[] lastFrame = new byte[0];

    RawClient(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request as every Redis client sends it: an array of bulk strings. */
    static byte[] command(String... args) {
        Output o = new Output();
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        Encoder.encodeCommand(o, raw);
        return o.toByteArray();
    }

    RawClient send(byte[] data) {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RawClient send(String data) {
        return send(bytes(data));
    }

    /**
     * Writes on another thread, for inputs bigger than the socket buffers that the server may stop
     * reading; a failed write (the server closed) is the caller's to check, not an error here.
     */
    CompletableFuture<Boolean> sendInBackground(byte[] data) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                out.write(data);
                out.flush();
                done.complete(true);
            } catch (IOException e) {
                done.complete(false);
            }
        });
        return done;
    }

    /** Sends one command and returns its reply. */
    Value call(String... args) {
        send(command(args));
        return read();
    }

    /** The next reply; fails if the server closes first. */
    Value read() {
        try {
            long start = decoder.position();
            while (true) {
                Value v = decoder.next();
                if (v != null) {
                    keepFrame(start, decoder.position());
                    return v;
                }
                int n = in.read(buf);
                if (n < 0) {
                    fail("the server closed the connection instead of replying");
                }
                decoder.feed(buf, 0, n);
                received.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProtocolException e) {
            throw new AssertionError("the server sent a malformed reply: " + e.getMessage(), e);
        }
    }

    /** Keeps the bytes of the frame just read, from stream offset {@code start} to {@code end}. */
    private void keepFrame(long start, long end) {
        byte[] all = received.toByteArray();
        int from = (int) (start - receivedBase);
        int to = (int) (end - receivedBase);
        lastFrame = java.util.Arrays.copyOfRange(all, from, to);
        received.reset();
        received.write(all, to, all.length - to);
        receivedBase = end;
    }

    /** The next reply exactly as the server sent it (RESP3 sets and verbatim strings included). */
    String readRaw() {
        read();
        return new String(lastFrame, StandardCharsets.UTF_8);
    }

    /** Sends one command and returns its reply exactly as the server sent it. */
    String callRaw(String... args) {
        send(command(args));
        return readRaw();
    }

    /** The next reply is exactly {@code frame} (compared in its canonical encoding in {@code dialect}). */
    void expect(String frame, Dialect dialect) {
        assertEquals(frame, new String(Encoder.encode(read(), dialect), StandardCharsets.UTF_8));
    }

    void expect(String frame) {
        expect(frame, Dialect.RESP2);
    }

    /** The server closed the connection: the next read sees end of stream, with no reply left unread. */
    void assertClosedByServer() {
        try {
            Value extra = decoder.next();
            if (extra != null) {
                fail("expected the connection closed, got another reply: " + extra);
            }
            for (int i = 0; i < 1000; i++) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                decoder.feed(buf, 0, n);
                received.write(buf, 0, n);
                Value v = decoder.next();
                if (v != null) {
                    fail("expected the connection closed, got another reply: " + v);
                }
            }
            fail("expected the connection closed");
        } catch (IOException e) {
            throw new AssertionError("expected an orderly close (end of stream), got " + e, e);
        } catch (ProtocolException e) {
            throw new AssertionError("the server sent a malformed reply: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}

package dev.simpleredis.server;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.server.command.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads frames, hands each complete request to the {@link Server}, and
 * writes the replies of everything that arrived together in one write, after the writes among
 * them are durable.
 */
final class Connection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Replies buffered beyond this are written out before reading more of a long pipeline. */
    private static final int FLUSH_AT = 64 * 1024;
    /** Bounds on what {@link #closeGently} discards before closing: bytes, quiet time, total time. */
    private static final long DRAIN_BYTES = 4L * 1024 * 1024;
    private static final int DRAIN_IDLE_MILLIS = 2_000;
    private static final long DRAIN_MILLIS = 10_000;

    private final Server server;
    private final Socket socket;
    private final Session session;
    private final Decoder decoder;

    Connection(Server server, Socket socket, Session session) {
        this.server = server;
        this.socket = socket;
        this.session = session;
        this.decoder = new Decoder(server.limits());
    }

    Session session() {
        return session;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true);
            serve(socket.getInputStream(), socket.getOutputStream());
        } catch (SocketException e) {
            log.debug("connection {} closed: {}", session.id(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("connection {} failed: {}", session.id(), e.toString());
        } finally {
            server.closed(this);
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        byte[] readBuffer = new byte[16 * 1024];
        Output replies = new Output(4 * 1024);
        while (true) {
            int n = in.read(readBuffer);
            if (n < 0) {
                return;
            }
            server.stats().bytesRead(n);
            decoder.feed(readBuffer, 0, n);
            boolean wrote = false;
            while (true) {
                Value request;
                try {
                    request = nextRequest();
                } catch (ProtocolException e) {
                    Encoder.encode(new Value.Error("ERR " + e.getMessage()), session.dialect(), replies);
                    flush(replies, wrote, out);
                    server.closed(this); // no longer counts against maxclients while draining
                    closeGently(socket, in);
                    return;
                }
                if (request == null) {
                    break;
                }
                wrote |= server.execute(session, request, replies);
                if (session.closing()) {
                    flush(replies, wrote, out);
                    server.closed(this); // no longer counts against maxclients while draining
                    closeGently(socket, in);
                    return;
                }
                if (replies.size() >= FLUSH_AT) {
                    flush(replies, wrote, out);
                    wrote = false;
                }
            }
            flush(replies, wrote, out);
        }
    }

    /**
     * The next command, or null when more bytes are needed. Like Redis, {@code *0} and {@code *-1}
     * are skipped without a reply; any other frame that is not an array is a protocol error.
     */
    private Value nextRequest() throws ProtocolException {
        while (true) {
            Value frame = decoder.next();
            if (frame == null || frame instanceof Value.Array a && !a.items().isEmpty()) {
                return frame;
            }
            if (!(frame instanceof Value.Array || frame instanceof Value.Null)) {
                throw new ProtocolException("expected a command as an array of arguments");
            }
        }
    }

    /**
     * Ends a connection whose last reply must still reach the client. Closing a socket that has
     * unread input makes the kernel send a reset, which can destroy replies the client has not
     * read yet; so this sends FIN first, then discards what the client still sends until it
     * closes its side, is quiet for {@link #DRAIN_IDLE_MILLIS} ms, or has sent
     * {@link #DRAIN_BYTES} bytes or for {@link #DRAIN_MILLIS} ms; then the socket is closed.
     */
    static void closeGently(Socket socket, InputStream in) {
        try {
            socket.shutdownOutput();
            long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
            byte[] sink = new byte[16 * 1024];
            long left = DRAIN_BYTES;
            while (left > 0) {
                long millis = (deadline - System.nanoTime()) / 1_000_000L;
                if (millis <= 0) {
                    return;
                }
                socket.setSoTimeout((int) Math.min(millis, DRAIN_IDLE_MILLIS));
                int n = in.read(sink);
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // timed out, reset or closed: close it now
        }
    }

    /** Writes the buffered replies, first waiting for the writes they acknowledge to be durable. */
    private void flush(Output replies, boolean wrote, OutputStream out) throws IOException {
        if (wrote) {
            server.awaitDurable();
        }
        if (replies.size() > 0) {
            server.stats().bytesWritten(replies.size());
            replies.writeTo(out);
            replies.reset();
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing connection {}: {}", session.id(), e.getMessage());
        }
    }
}

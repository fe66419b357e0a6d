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
import java.util.concurrent.locks.ReentrantLock;
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
    private final Output replies = new Output(4 * 1024);
    /**
     * Held while requests run and replies are written: by the connection's thread, or by the
     * thread that {@link #resume resumes} it after a blocking command.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private InputStream in;
    private OutputStream out;
    /** The parked blocking command; while set, requests received wait unrun. */
    private volatile Blocking.Waiter waiter;

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
        this.in = in;
        this.out = out;
        byte[] readBuffer = new byte[16 * 1024];
        while (true) {
            int n = in.read(readBuffer);
            if (n < 0) {
                return;
            }
            server.stats().bytesRead(n);
            lock.lock();
            try {
                decoder.feed(readBuffer, 0, n);
                if (!drain()) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Runs the complete requests received so far, in order, until they run out or one blocks,
     * and writes their replies. The caller holds {@link #lock}.
     *
     * @return false when the connection is to end
     */
    private boolean drain() throws IOException {
        boolean wrote = false;
        while (waiter == null) {
            Value request;
            try {
                request = nextRequest();
            } catch (ProtocolException e) {
                Encoder.encode(new Value.Error("ERR " + e.getMessage()), session.dialect(), replies);
                flush(wrote);
                server.closed(this); // no longer counts against maxclients while draining
                closeGently(socket, in);
                return false;
            }
            if (request == null) {
                break;
            }
            wrote |= server.execute(this, request, replies);
            if (session.closing()) {
                flush(wrote);
                server.closed(this); // no longer counts against maxclients while draining
                closeGently(socket, in);
                return false;
            }
            if (replies.size() >= FLUSH_AT) {
                flush(wrote);
                wrote = false;
            }
        }
        flush(wrote);
        return true;
    }

    /** Called by the server as a blocking command of this connection parks: later requests wait. */
    void blocked(Blocking.Waiter value) {
        waiter = value;
    }

    /** The parked command of this connection, or null. */
    Blocking.Waiter waiter() {
        return waiter;
    }

    /**
     * Delivers the reply of the parked command (served or timed out), then runs the requests that
     * arrived meanwhile. Runs on a thread of its own while the connection's thread reads.
     */
    void resume(Value reply, boolean wrote) {
        lock.lock();
        try {
            waiter = null;
            server.reply(session, reply, replies);
            flush(wrote);
            if (!drain()) {
                close();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("connection {} closed while unblocking: {}", session.id(), e.toString());
            close();
        } finally {
            lock.unlock();
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
    private void flush(boolean wrote) throws IOException {
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

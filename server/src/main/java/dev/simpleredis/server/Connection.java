package dev.simpleredis.server;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.server.command.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, driven by the {@link EventLoop}: feeds what arrives to its decoder, hands
 * each complete request to the {@link Server} and queues the replies, which the loop writes out
 * once the writes among them are durable. Runs on the loop's thread, except {@link #close}.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Replies queued beyond this are written out before more of a long pipeline runs. */
    private static final int FLUSH_AT = 64 * 1024;
    /** The reply buffer an idle connection keeps (it grows as replies need). */
    private static final int IDLE_REPLY_BYTES = 256;
    /** Bounds on what {@link #drain} discards before closing: bytes, quiet time, total time. */
    private static final long DRAIN_BYTES = 4L * 1024 * 1024;
    private static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Server server;
    private final EventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final Session session;
    private final Decoder decoder;
    private final Output replies = new Output(IDLE_REPLY_BYTES);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The parked blocking command; while set, requests received wait unrun. */
    private volatile Blocking.Waiter waiter;
    /** Some queued reply acknowledges a write that may not be durable yet. */
    private boolean unsynced;
    /** Requests stopped at {@link #FLUSH_AT}: more may be waiting in the decoder. */
    private boolean more;
    /** Queued for the loop's next write-out. */
    boolean flushQueued;
    /** The last reply is queued: once it is written, the connection only drains. */
    private boolean ending;
    /** Output shut down: input is discarded until one of these runs out, then the socket closes. */
    private boolean draining;
    private long drainLeft;
    private long drainUntil;
    private long quietUntil;

    Connection(Server server, EventLoop loop, SocketChannel channel, SelectionKey key, Session session) {
        this.server = server;
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.session = session;
        this.decoder = new Decoder(server.limits());
    }

    Session session() {
        return session;
    }

    /** Sends {@code reply} and ends the connection, as for a client over maxclients. */
    void refuse(byte[] reply) {
        replies.write(reply);
        ending = true;
        loop.flushLater(this);
    }

    /** The socket has input: reads what the loop's {@code buffer} holds, then runs it. */
    void readable(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            close();
            return;
        }
        if (draining) {
            drainLeft -= n;
            quietUntil = System.nanoTime() + DRAIN_QUIET_NANOS;
            if (drainLeft <= 0) {
                close();
            }
            return;
        }
        if (ending) {
            return; // the last reply is on its way; what follows it is ignored
        }
        server.stats().bytesRead(n);
        decoder.feed(buffer.flip());
        run();
    }

    /**
     * Runs the complete requests received so far, in order, until they run out, one blocks or
     * {@link #FLUSH_AT} bytes of replies wait, holding the command lock once for all of them, and
     * queues the replies for writing.
     */
    void run() {
        if (closed.get()) {
            return;
        }
        more = false;
        ReentrantLock lock = server.commandLock();
        lock.lock();
        try {
            while (waiter == null && !ending && !closed.get()) {
                if (replies.size() >= FLUSH_AT) {
                    more = true;
                    break;
                }
                Value request;
                try {
                    request = nextRequest();
                } catch (ProtocolException e) {
                    Encoder.encode(new Value.Error("ERR " + e.getMessage()), session.dialect(), replies);
                    end();
                    break;
                }
                if (request == null) {
                    break;
                }
                unsynced |= server.execute(this, request, replies);
                if (session.closing()) {
                    end();
                }
            }
        } finally {
            lock.unlock();
        }
        loop.flushLater(this);
    }

    /** After the last reply: no longer counts against maxclients, watches or waits. */
    private void end() {
        ending = true;
        server.closed(this);
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

    /** Whether a queued reply must wait until the writes it acknowledges are durable. */
    boolean unsynced() {
        return unsynced;
    }

    /**
     * Writes the queued replies as far as the socket takes them; the loop has waited for the
     * writes they acknowledge to be durable. What the socket does not take waits for it to be
     * writable, and until then nothing more is read: a client that does not read its replies
     * gets no more of them.
     */
    void flush() throws IOException {
        flushQueued = false;
        if (closed.get()) {
            return;
        }
        unsynced = false;
        int queued = replies.size();
        boolean all = queued == 0 || replies.writeSome(channel);
        server.stats().bytesWritten(queued - replies.size());
        if (!all) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        replies.shrink(IDLE_REPLY_BYTES);
        if (ending) {
            drain();
            return;
        }
        if (key.interestOps() != SelectionKey.OP_READ) {
            key.interestOps(SelectionKey.OP_READ); // a set is an atomic exchange even when unchanged
        }
        if (more) {
            loop.runLater(this);
        }
    }

    /** The socket takes output again. */
    void writable() throws IOException {
        if (unsynced) {
            loop.flushLater(this);
        } else {
            flush();
        }
    }

    /**
     * Ends a connection whose last reply must still reach the client. Closing a socket that has
     * unread input makes the kernel send a reset, which can destroy replies the client has not
     * read yet; so this sends FIN first, then discards what the client still sends until it
     * closes its side, is quiet for 2 s, or has sent 4 MiB or for 10 s; then the socket closes.
     */
    private void drain() throws IOException {
        channel.shutdownOutput();
        long now = System.nanoTime();
        draining = true;
        drainLeft = DRAIN_BYTES;
        drainUntil = now + DRAIN_NANOS;
        quietUntil = now + DRAIN_QUIET_NANOS;
        key.interestOps(SelectionKey.OP_READ);
        loop.draining(this);
    }

    /** While draining: when to close, in {@link System#nanoTime()} terms; else never. */
    long drainDeadline() {
        return draining && !closed.get() ? Math.min(drainUntil, quietUntil) : Long.MAX_VALUE;
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
     * arrived meanwhile. On the loop's thread.
     */
    void resume(Value reply, boolean wrote) {
        if (closed.get()) {
            return;
        }
        waiter = null;
        server.reply(session, reply, replies);
        unsynced |= wrote;
        run();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket at once; from any thread. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing connection {}: {}", session.id(), e.getMessage());
        }
        server.closed(this);
    }
}

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

    private final Server server;
    private final Socket socket;
    private final Session session;
    private final Decoder decoder;

    Connection(Server server, Socket socket, Session session) {
        this.server = server;
        this.socket = socket;
        this.session = session;
        this.decoder = new Decoder(server.config().limits());
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
            decoder.feed(readBuffer, 0, n);
            boolean wrote = false;
            while (true) {
                Value request;
                try {
                    request = decoder.next();
                } catch (ProtocolException e) {
                    Encoder.encode(new Value.Error("ERR " + e.getMessage()), session.dialect(), replies);
                    flush(replies, wrote, out);
                    return;
                }
                if (request == null) {
                    break;
                }
                wrote |= server.execute(session, request, replies);
                if (session.closing()) {
                    flush(replies, wrote, out);
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

    /** Writes the buffered replies, first waiting for the writes they acknowledge to be durable. */
    private void flush(Output replies, boolean wrote, OutputStream out) throws IOException {
        if (wrote) {
            server.awaitDurable();
        }
        if (replies.size() > 0) {
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

package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under fsync=always the event loop runs on while a sync is under way, and replies wait for the
 * sync that covers their turn: those acknowledging a write and those that could have read one.
 * The engine's syncs block until the test releases them.
 */
class GroupCommitTest {

    private static final int QUIET_MILLIS = 300;

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        GatedSyncProvider.reset();
    }

    @Test
    void repliesWaitForTheirSyncWhileTheLoopRunsTheNextRequests() throws IOException {
        try (Server server = TestServers.start(dir, "storage", "gated-sync", "fsync", "always", "protocol", "resp2");
             Socket a = connect(server); Socket b = connect(server); Socket c = connect(server)) {
            assertEquals("+PONG\r\n", call(c, "PING"), "no write pending: answered at once");

            send(a, "SET", "k", "1");
            await(() -> GatedSyncProvider.WAITING.get() == 1, "the sync of A's SET started");
            send(b, "SET", "j", "2");
            await(() -> GatedSyncProvider.WRITES.get() == 2, "B's SET ran while the first sync was blocked");
            send(c, "GET", "k");
            assertQuiet(a, "A's SET is not acknowledged before its sync");
            assertQuiet(b, "B's SET is not acknowledged before its sync");
            assertQuiet(c, "C's GET read a write that is not durable yet");

            GatedSyncProvider.release(1);
            assertEquals("+OK\r\n", read(a, 5), "the first sync covers A");
            await(() -> GatedSyncProvider.WAITING.get() == 1, "a second sync, for B's turn, started");
            assertQuiet(b, "B's SET waits for the second sync");
            assertQuiet(c, "C's GET came after B's SET: it waits for the second sync too");

            GatedSyncProvider.release(1);
            assertEquals("+OK\r\n", read(b, 5));
            assertEquals("$1\r\n1\r\n", read(c, 7));
            assertEquals("$1\r\n2\r\n", call(a, "GET", "j"), "nothing pending: a read is answered at once");
        }
    }

    private static Socket connect(Server server) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String... args) throws IOException {
        socket.getOutputStream().write(RawClient.command(args));
    }

    private static String call(Socket socket, String... args) throws IOException {
        send(socket, args);
        return read(socket, 7); // +PONG or a one-byte bulk
    }

    /** Reads exactly {@code n} bytes. */
    private static String read(Socket socket, int n) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Nothing arrives on {@code socket} for a while. */
    private static void assertQuiet(Socket socket, String message) throws IOException {
        socket.setSoTimeout(QUIET_MILLIS);
        try {
            InputStream in = socket.getInputStream();
            assertThrows(SocketTimeoutException.class, in::read, message);
        } finally {
            socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}

package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
 * Under fsync=always the event loop makes each turn's writes durable with one sync, on its own
 * thread, before it writes any reply of the turn: no client learns of a write before it is on
 * disk, and the clients of a turn share the sync. The engine's syncs block until the test
 * releases them.
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
    void aTurnsRepliesWaitForItsOneSync() throws IOException {
        try (Server server = TestServers.start(dir, "storage", "gated-sync", "fsync", "always", "protocol", "resp2");
             Socket a = connect(server); Socket b = connect(server); Socket c = connect(server)) {
            assertEquals("+PONG\r\n", call(c, "PING"), "no write: answered at once");

            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (String key : new String[] {"k", "j", "i"}) {
                pipeline.write(RawClient.command("SET", key, "1"));
            }
            a.getOutputStream().write(pipeline.toByteArray());
            await(() -> GatedSyncProvider.WAITING.get() == 1, "the sync of A's SETs started");
            assertEquals("simpleredis-io", GatedSyncProvider.syncThread, "the loop syncs");
            assertEquals(3, GatedSyncProvider.WRITES.get(), "one sync for the three SETs of the turn");
            send(b, "SET", "h", "2");
            send(c, "GET", "k");
            assertQuiet(a, "A's SETs are not acknowledged before their sync");
            assertQuiet(c, "the loop is in the sync, as Redis's is: nobody is served meanwhile");

            GatedSyncProvider.release(1);
            assertEquals("+OK\r\n".repeat(3), read(a, 15), "the sync covers A's turn");
            await(() -> GatedSyncProvider.WAITING.get() == 1, "a second sync, for B's SET, started");
            assertEquals(4, GatedSyncProvider.WRITES.get());
            assertQuiet(b, "B's SET waits for the second sync");
            assertQuiet(c, "C's GET ran in B's turn: its reply waits for the turn's sync too");

            GatedSyncProvider.release(1);
            assertEquals("+OK\r\n", read(b, 5));
            assertEquals("$1\r\n1\r\n", read(c, 7));
            assertEquals("$1\r\n2\r\n", call(a, "GET", "h"), "no write: answered at once");
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

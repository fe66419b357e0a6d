package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.client.Client;
import dev.simpleredis.api.client.Pipeline;
import dev.simpleredis.api.protocol.Output;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Long pipelines: every request answered, in order, nothing lost or doubled. */
@Timeout(90)
class PipelineTest {

    private static final int COMMANDS = 10_000;

    @TempDir
    Path dir;

    /** 10,000 frames written with one write call; the replies are read while it is still writing. */
    @ParameterizedTest
    @ValueSource(strings = {"seed", "resp2"})
    void tenThousandCommandsInOneWrite(String protocol) throws Exception {
        try (Server server = TestServers.start(dir, "protocol", protocol); RawClient c = new RawClient(server.port())) {
            Output all = new Output();
            for (int i = 0; i < COMMANDS / 2; i++) {
                all.write(RawClient.command("SET", "key:" + i, "value:" + i + ":" + "x".repeat(i % 50)));
                all.write(RawClient.command("GET", "key:" + i));
            }
            CompletableFuture<Boolean> written = c.sendInBackground(all.toByteArray());
            Value setReply = protocol.equals("seed") ? Value.Int.ONE : Value.Simple.OK;
            for (int i = 0; i < COMMANDS / 2; i++) {
                assertEquals(setReply, c.read(), "reply to SET " + i);
                assertEquals(Value.bulk("value:" + i + ":" + "x".repeat(i % 50)), c.read(), "reply to GET " + i);
            }
            assertTrue(written.get(30, TimeUnit.SECONDS));
            // nothing extra: the next reply is the next command's
            c.send(RawClient.command("PING")).expect("+PONG\r\n");
        }
    }

    @Test
    void tenThousandCommandsThroughTheClientPipeline() {
        try (Server server = TestServers.start(dir); Client client = new Client("127.0.0.1", server.port(), 30_000)) {
            Pipeline p = client.pipeline();
            for (int i = 0; i < COMMANDS / 2; i++) {
                p.set("p" + i, List.of(i, "v" + i));
                p.get("p" + i);
            }
            List<Object> replies = p.sync();
            assertEquals(COMMANDS, replies.size());
            for (int i = 0; i < COMMANDS / 2; i++) {
                assertEquals(1L, replies.get(2 * i), "SET " + i);
                assertEquals(List.of((long) i, "v" + i), replies.get(2 * i + 1), "GET " + i);
            }
            assertEquals(List.of(4999L, "v4999"), client.get("p4999"));
        }
    }

    /**
     * A pipeline far bigger than the socket buffers both ways (32 MiB of requests, as much in
     * replies): the client must read replies while it is still writing, or both sides wait for
     * ever. The timeout is only there to turn such a hang into a failure.
     */
    @Test
    void aPipelineBiggerThanTheSocketBuffersBothWays() {
        try (Server server = TestServers.start(dir); Client client = new Client("127.0.0.1", server.port(), 30_000)) {
            String big = "x".repeat(64 * 1024);
            List<Object> replies = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                Pipeline p = client.pipeline();
                for (int i = 0; i < 500; i++) {
                    p.call("ECHO", i + big);
                }
                return p.sync();
            });
            assertEquals(500, replies.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i + big, replies.get(i));
            }
            assertEquals("PONG", client.ping());
        }
    }
}

package dev.simpleredis.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.client.Client;
import dev.simpleredis.api.client.Pipeline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} at each stage of an append-only log rewrite (held there by the rewrite's test
 * pause): after a restart the data is exactly what was acknowledged, writes made during the
 * rewrite included.
 */
class AofRewriteCrashIT {

    @TempDir
    static Path tmp;
    static Distribution dist;

    @BeforeAll
    static void unpack() {
        dist = Distribution.unpack(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot", "before-rename", "after-rename", "finished"})
    void killDuringRewriteKeepsAcknowledgedData(String when) throws InterruptedException {
        // "finished": writes made while the rewrite is paused, then the rewrite completes and
        // replaces the log before the kill, so they must have been carried into the new log.
        boolean finished = when.equals("finished");
        String stage = finished ? "before-rename" : when;
        Path dir = tmp.resolve(when);
        Map<String, String> expected = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        try (ServerProcess server = dist.launch().name("rewrite-" + when).dir(dir).set("fsync", "always")
                .set("aof.test-pause-at", stage).set("aof.test-pause-ms", finished ? "3000" : "120000").start();
             Client client = server.client()) {
            for (int round = 0; round < 5; round++) {
                Pipeline p = client.pipeline();
                for (int i = 0; i < 2000; i++) {
                    p.set("key:" + i, "v" + round + ":" + i);
                    expected.put("key:" + i, "v" + round + ":" + i);
                }
                p.sync();
            }
            assertEquals("Background append only file rewriting started", client.call("BGREWRITEAOF"));
            awaitOutput(server, "paused at " + stage.toUpperCase().replace('-', '_'));
            if (!stage.equals("after-rename")) {
                // The rewrite is under way: these writes must reach the new log too.
                Pipeline p = client.pipeline();
                for (int i = 0; i < 500; i++) {
                    p.set("during:" + i, "d" + i);
                    expected.put("during:" + i, "d" + i);
                    p.set("key:" + i, "changed" + i);
                    expected.put("key:" + i, "changed" + i);
                }
                for (int i = 1000; i < 1100; i++) {
                    p.call("DEL", "key:" + i);
                    expected.remove("key:" + i);
                    deleted.add("key:" + i);
                }
                p.sync();
            }
            if (finished) {
                awaitOutput(server, "append-only log rewritten");
            }
            server.kill();
        }
        for (int restart = 0; restart < 2; restart++) {
            try (ServerProcess server = dist.launch().name("rewrite-" + when + "-restart-" + restart).dir(dir).start();
                 Client client = server.client()) {
                List<String> keys = List.copyOf(expected.keySet());
                List<Object> values = client.mget(keys.toArray(String[]::new));
                for (int i = 0; i < keys.size(); i++) {
                    assertEquals(expected.get(keys.get(i)), values.get(i), keys.get(i));
                }
                for (String key : deleted) {
                    assertNull(client.get(key), key);
                }
                assertEquals((long) expected.size(), client.call("DBSIZE"));
                server.stop();
                assertTrue(!server.output().contains("corrupt"), server::describe);
            }
        }
    }

    private static void awaitOutput(ServerProcess server, String text) throws InterruptedException {
        for (int i = 0; i < 600 && !server.output().contains(text); i++) {
            Thread.sleep(50);
        }
        assertTrue(server.output().contains(text), () -> "expected '" + text + "' in " + server.describe());
    }
}

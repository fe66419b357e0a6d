package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simpleredis.api.client.Client;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A thousand connections open at once, all served. */
@Timeout(120)
class ConcurrentClientsTest {

    private static final int CLIENTS = 1000;

    @TempDir
    Path dir;

    @Test
    void aThousandClientsAtOnce() throws Exception {
        try (Server server = TestServers.start(dir)) {
            List<Client> clients = new ArrayList<>(CLIENTS);
            try {
                // open every connection first: each answers a PING, so all 1,000 are open and served at once
                for (int i = 0; i < CLIENTS; i++) {
                    Client c = new Client("127.0.0.1", server.port(), 30_000);
                    clients.add(c);
                    assertEquals("PONG", c.ping(), "client " + i);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>(CLIENTS);
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < CLIENTS; i++) {
                        int n = i;
                        Client c = clients.get(i);
                        done.add(pool.submit(() -> {
                            go.await();
                            for (int round = 0; round < 3; round++) {
                                String value = "value-" + n + "-" + round;
                                assertEquals(1L, c.set("client:" + n, value));
                                assertEquals(value, c.get("client:" + n));
                            }
                            return null;
                        }));
                    }
                    go.countDown();
                    for (int i = 0; i < CLIENTS; i++) {
                        done.get(i).get(60, TimeUnit.SECONDS);
                    }
                }
            } finally {
                clients.forEach(Client::close);
            }
            try (Client check = new Client("127.0.0.1", server.port(), 30_000)) {
                String[] keys = new String[CLIENTS];
                for (int i = 0; i < CLIENTS; i++) {
                    keys[i] = "client:" + i;
                }
                List<Object> values = check.mget(keys);
                for (int i = 0; i < CLIENTS; i++) {
                    assertEquals("value-" + i + "-2", values.get(i), "key of client " + i);
                    assertEquals("value-" + i + "-2", check.get(keys[i]));
                }
            }
        }
    }
}

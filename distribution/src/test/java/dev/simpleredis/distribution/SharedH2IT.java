package dev.simpleredis.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simpleredis.api.client.Client;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simpleredis servers with {@code simpleredis.h2.url} pointing at one H2 TCP server (started
 * here, in-process, on a loopback port) share one store: each sees the other's writes.
 */
class SharedH2IT {

    @TempDir
    Path tmp;

    @Test
    void twoServersShareOneH2Server() throws SQLException {
        Distribution dist = Distribution.unpack(tmp.resolve("dist"));
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", tmp.resolve("h2").toString()).start();
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/shared";
            try (ServerProcess a = dist.launch().name("h2-shared-a").storage("h2").set("h2.url", url).dir(tmp.resolve("a")).start();
                 ServerProcess b = dist.launch().name("h2-shared-b").storage("h2").set("h2.url", url).dir(tmp.resolve("b")).start();
                 Client ca = a.client();
                 Client cb = b.client()) {
                assertEquals(1L, ca.set("from-a", "written by a"));
                assertEquals(1L, cb.set("from-b", List.of("written", "by", 2L)));
                assertEquals("written by a", cb.get("from-a"));
                assertEquals(List.of("written", "by", 2L), ca.get("from-b"));
                assertEquals(1L, cb.delete("from-a"));
                assertEquals(null, ca.get("from-a"));
                for (int i = 0; i < 100; i++) {
                    (i % 2 == 0 ? ca : cb).call("INCR", "shared-counter");
                }
                assertEquals("100", ca.get("shared-counter"));
                a.stop();
                b.stop();
            }
        } finally {
            h2.stop();
        }
    }
}

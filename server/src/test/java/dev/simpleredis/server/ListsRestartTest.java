package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists survive a restart on every engine: elements in order (pushed at both ends, so indexes on
 * both sides of zero), the expiry, and in the seed dialect the type of nested elements.
 */
class ListsRestartTest {

    @TempDir
    Path dir;

    private static Value.Array bulks(String... items) {
        List<Value> out = new ArrayList<>();
        for (String s : items) {
            out.add(Value.Bulk.of(s));
        }
        return new Value.Array(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "h2"})
    void listsAndTheirExpiryOutliveARestart(String engine) {
        try (Server server = TestServers.start(dir, "storage", engine, "protocol", "resp2", "fsync", "always");
             RawClient c = new RawClient(server.port())) {
            assertEquals(Value.Int.of(3), c.call("RPUSH", "l", "c", "d", "e"));
            assertEquals(Value.Int.of(5), c.call("LPUSH", "l", "b", "a"));
            assertEquals(Value.Simple.OK, c.call("LSET", "l", "2", "C"));
            assertEquals(Value.Int.of(6), c.call("LINSERT", "l", "AFTER", "C", "c2"));
            assertEquals(Value.Int.ONE, c.call("EXPIRE", "l", "1000"));
            c.call("RPUSH", "emptied", "x");
            c.call("LPOP", "emptied");
            c.call("RPUSH", "plain", "1", "2");
        }
        try (Server server = TestServers.start(dir, "storage", engine, "protocol", "resp2");
             RawClient c = new RawClient(server.port())) {
            assertEquals(bulks("a", "b", "C", "c2", "d", "e"), c.call("LRANGE", "l", "0", "-1"));
            long ttl = ((Value.Int) c.call("TTL", "l")).value();
            assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
            assertEquals(Value.Bulk.of("a"), c.call("LINDEX", "l", "0"));
            assertEquals(Value.Bulk.of("e"), c.call("LINDEX", "l", "-1"));
            assertEquals(Value.Int.of(-1), c.call("TTL", "plain"));
            assertEquals(Value.Int.ZERO, c.call("EXISTS", "emptied"));
            assertEquals(new Value.Simple("list"), c.call("TYPE", "l"));
            // the ends the meta recorded are where the next pushes go
            assertEquals(Value.Int.of(7), c.call("LPUSH", "l", "first"));
            assertEquals(Value.Int.of(8), c.call("RPUSH", "l", "last"));
            assertEquals(bulks("first", "a", "b", "C", "c2", "d", "e", "last"), c.call("LRANGE", "l", "0", "-1"));
            assertEquals(bulks("last", "e"), c.call("RPOP", "l", "2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "h2"})
    void nestedElementsKeepTheirTypeInTheSeedDialect(String engine) {
        String dict = "%1\r\n$1\r\nx\r\n,2.5\r\n";
        try (Server server = TestServers.start(dir, "storage", engine, "fsync", "always");
             RawClient c = new RawClient(server.port())) {
            c.send("*4\r\n$5\r\nRPUSH\r\n$1\r\nn\r\n" + dict + ":7\r\n").expect(":2\r\n");
            c.send("*3\r\n$4\r\nLPOS\r\n$1\r\nn\r\n" + dict).expect(":0\r\n");
            c.send("*3\r\n$4\r\nLPOS\r\n$1\r\nn\r\n$1\r\nx\r\n").expect("$-1\r\n");
        }
        try (Server server = TestServers.start(dir, "storage", engine);
             RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("LRANGE", "n", "0", "-1")).expect("*2\r\n" + dict + ":7\r\n", Dialect.SEED);
            c.send(RawClient.command("RPOP", "n")).expect(":7\r\n", Dialect.SEED);
            c.send(RawClient.command("LPOP", "n")).expect(dict, Dialect.SEED);
            c.send(RawClient.command("EXISTS", "n")).expect(":0\r\n");
        }
    }
}

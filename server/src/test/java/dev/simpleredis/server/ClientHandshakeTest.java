package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ClientKillParams;

/**
 * What Lettuce and Jedis do on connect (HELLO 3 with AUTH and SETNAME, CLIENT SETINFO) and the
 * server commands they parse (INFO, CONFIG GET, CLIENT LIST, COMMAND, TIME), through their own APIs.
 */
@Timeout(60)
class ClientHandshakeTest {

    @TempDir
    Path dir;

    @Test
    void lettuceSpeaksResp3WithPasswordAndName() {
        try (Server server = TestServers.start(dir, "requirepass", "pw")) {
            RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(server.port()).withPassword("pw".toCharArray())
                    .withClientName("lettuce-app").withTimeout(Duration.ofSeconds(20)).build();
            RedisClient client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                assertEquals("OK", redis.set("k", "v"));
                assertEquals("v", redis.get("k"));
                assertEquals("lettuce-app", redis.clientGetname());
                assertTrue(redis.clientId() > 0);
                String list = redis.clientList();
                assertTrue(list.contains(" name=lettuce-app ") && list.contains(" resp=3 "), list);
                assertTrue(list.contains(" lib-name=Lettuce "), "Lettuce sends CLIENT SETINFO: " + list);
                assertTrue(redis.info("server").contains("redis_version:7.2.4\r\n"));
                assertEquals(Map.of("maxclients", "10000"), redis.configGet("maxclients"));
                assertEquals("OK", redis.configSet("maxclients", "500"));
                assertEquals(Map.of("maxclients", "500"), redis.configGet("max*ients"));
                assertEquals(2, redis.time().size());
                assertTrue(redis.commandCount() > 50);
                List<Object> info = redis.commandInfo("get");
                assertEquals("get", ((List<?>) info.getFirst()).getFirst());
                assertEquals("PONG", redis.ping());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void jedisSpeaksResp3AndResp2() {
        try (Server server = TestServers.start(dir, "requirepass", "pw")) {
            HostAndPort at = new HostAndPort("127.0.0.1", server.port());
            try (Jedis jedis = new Jedis(at, DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3)
                    .password("pw").clientName("jedis-app").timeoutMillis(20_000).build())) {
                assertEquals("OK", jedis.set("k", "v"));
                assertEquals("jedis-app", jedis.clientGetname());
                assertTrue(jedis.clientList().contains(" name=jedis-app "));
                assertTrue(jedis.info().contains("# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n"));
                assertEquals(Map.of("databases", "16"), jedis.configGet("databases"));
                assertEquals("OK", jedis.configResetStat());
            }
            try (Jedis jedis = new Jedis(at, DefaultJedisClientConfig.builder().timeoutMillis(20_000).build())) {
                assertThrows(JedisDataException.class, () -> jedis.get("k"), "NOAUTH");
                assertEquals("OK", jedis.auth("pw"));
                assertEquals("v", jedis.get("k"));
                assertEquals(Map.of("databases", "16"), jedis.configGet("databases"));
                assertEquals(0, jedis.clientKill(new ClientKillParams().skipMe(ClientKillParams.SkipMe.YES)
                        .type(ClientType.PUBSUB)));
                assertEquals("OK", jedis.clientSetname("renamed"));
                assertTrue(jedis.clientInfo().contains(" name=renamed "));
            }
        }
    }
}

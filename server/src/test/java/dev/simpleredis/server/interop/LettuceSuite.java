package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * What a Lettuce (RESP3) suite needs: a subclass is a {@code @ParameterizedClass} over
 * {@link Interop#targets()}; simpleredis runs in its default seed dialect, as a user would start
 * it, and Lettuce says HELLO 3; each test gets a fresh RESP3 connection to a flushed target.
 */
abstract class LettuceSuite {

    static Target target;
    static RedisClient client;

    @Parameter
    String name;

    StatefulRedisConnection<String, String> connection;
    RedisCommands<String, String> redis;

    @BeforeParameterizedClassInvocation
    static void start(String name) {
        target = Target.start(name, "protocol", "seed");
        client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(target.port())
                .withTimeout(Duration.ofSeconds(20)).build());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (client != null) {
            client.shutdown(0, 5, TimeUnit.SECONDS);
            client = null;
        }
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @BeforeEach
    void connect() {
        target.flushAll();
        connection = client.connect();
        redis = connection.sync();
        assertEquals(ProtocolVersion.RESP3, LettuceInteropTest.negotiated(connection));
    }

    @AfterEach
    void disconnect() {
        if (connection != null) {
            connection.close();
        }
    }
}

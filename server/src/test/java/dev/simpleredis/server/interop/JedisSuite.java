package dev.simpleredis.server.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What a Jedis suite needs: a subclass is a {@code @ParameterizedClass} over
 * {@link Interop#targets()}; the target is started once per invocation, flushed before each test,
 * and {@link #jedis} is a fresh connection to it.
 */
abstract class JedisSuite {

    static Target target;

    @Parameter
    String name;

    Jedis jedis;

    @BeforeParameterizedClassInvocation
    static void start(String name) {
        target = Target.start(name);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @BeforeEach
    void connect() {
        target.flushAll();
        jedis = connect(target);
    }

    @AfterEach
    void disconnect() {
        if (jedis != null) {
            jedis.close();
        }
    }

    static Jedis connect(Target target) {
        return new Jedis(new HostAndPort("127.0.0.1", target.port()),
                DefaultJedisClientConfig.builder().timeoutMillis(20_000).build());
    }
}

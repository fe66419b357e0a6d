package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code simpleredis.lua-time-limit}: how long a script may run before it is stopped. */
@Timeout(60)
class LuaTimeLimitConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToFiveSecondsAndIsRead() {
        assertEquals(5000, ServerConfig.from(TestServers.props(dir)).luaTimeLimit());
        assertEquals(200, ServerConfig.from(TestServers.props(dir, "lua-time-limit", "200")).luaTimeLimit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "soon", "", "86400001"})
    void aBadValueNamesTheProperty(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.from(TestServers.props(dir, "lua-time-limit", value)));
        assertTrue(e.getMessage().startsWith("simpleredis.lua-time-limit: expected an integer"), e.getMessage());
    }
}

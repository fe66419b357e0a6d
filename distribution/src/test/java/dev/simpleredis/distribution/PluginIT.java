package dev.simpleredis.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.client.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine jar dropped in plugins/ is found by name and serves requests. */
class PluginIT {

    private static final Pattern FOUND = Pattern.compile("found: (.*)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @Test
    void engineJarInPluginsIsFoundAndSelectedByName() {
        Distribution dist = Distribution.unpack(tmp);
        List<String> shipped = enginesFound(dist);
        dist.installPlugin(Distribution.exampleEngineJar());
        List<String> added = new ArrayList<>(enginesFound(dist));
        added.removeAll(shipped);
        assertEquals(1, added.size(), () -> "engines added by the example jar: " + added);
        try (ServerProcess server = dist.launch().name("plugin").storage(added.getFirst()).start();
             Client client = server.client()) {
            assertEquals(1L, client.set("k", "v"));
            assertEquals("v", client.get("k"));
        }
    }

    /** The engine names the start-up error for an unknown engine lists. */
    private static List<String> enginesFound(Distribution dist) {
        Launch.Exited exited = dist.launch().name("list-engines").storage("nosuch").run(Duration.ofSeconds(30));
        Matcher m = FOUND.matcher(exited.output());
        assertTrue(m.find(), exited::output);
        return List.of(m.group(1).split(", "));
    }
}

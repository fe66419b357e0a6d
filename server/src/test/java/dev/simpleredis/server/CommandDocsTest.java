package dev.simpleredis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.server.command.CommandDocs;
import dev.simpleredis.server.command.CommandSpec;
import dev.simpleredis.server.command.CommandTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/commands.md is generated from the command table and must not drift from it. */
class CommandDocsTest {

    /** The repository's docs/commands.md, found from the server module's directory. */
    static Path committed() {
        Path here = Path.of("").toAbsolutePath();
        Path fromModule = here.resolveSibling("docs").resolve("commands.md");
        return Files.exists(fromModule) ? fromModule : here.resolve("docs").resolve("commands.md");
    }

    @Test
    void committedPageIsWhatTheGeneratorWrites() throws IOException {
        Path page = committed();
        assertTrue(Files.exists(page), page + " is missing: build the server module to generate it");
        assertEquals(CommandDocs.markdown(), Files.readString(page, StandardCharsets.UTF_8),
                "docs/commands.md is stale: rebuild the server module (CommandDocs writes it) and commit it");
    }

    @Test
    void everyCommandHasARow() {
        String page = CommandDocs.markdown();
        for (CommandSpec spec : CommandTable.standard().all()) {
            assertTrue(page.contains("| `" + spec.displayName() + "` |"), spec.name());
            for (CommandSpec sub : spec.subcommands().values()) {
                assertTrue(page.contains("| `" + sub.displayName() + "` |"), sub.name());
            }
            assertTrue(!spec.summary().isEmpty() && !spec.since().isEmpty(), spec.name());
        }
        assertTrue(page.contains("| `DELETE` |") && page.contains("| simpleredis |"));
    }
}

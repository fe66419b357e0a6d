package dev.simpleredis.server.command;

import dev.simpleredis.server.command.CommandSpec.Flag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/commands.md} from the command table, so the documentation says what the
 * server does. The build runs it (exec-maven-plugin, {@code process-classes}); a test checks the
 * committed file is what it writes now.
 */
public final class CommandDocs {

    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("string", "Strings");
        GROUPS.put("list", "Lists");
        GROUPS.put("hash", "Hashes");
        GROUPS.put("set", "Sets");
        GROUPS.put("sorted-set", "Sorted sets");
        GROUPS.put("generic", "Keys and expiry");
        GROUPS.put("transactions", "Transactions");
        GROUPS.put("scripting", "Scripting");
        GROUPS.put("connection", "Connection");
        GROUPS.put("server", "Server and databases");
    }

    private CommandDocs() {
    }

    /** Writes the page to {@code args[0]}, unless it already says exactly that. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CommandDocs <output file>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String text = markdown();
        if (Files.exists(out) && Files.readString(out, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    /** The page, generated from {@link CommandTable#standard()}. */
    public static String markdown() {
        CommandTable table = CommandTable.standard();
        StringBuilder sb = new StringBuilder();
        sb.append("# Commands\n\n")
                .append("<!-- Generated from the command table by dev.simpleredis.server.command.CommandDocs when the")
                .append(" server module builds; edit CommandTable.java, not this file. -->\n\n")
                .append("Every command simpleredis answers. A Redis command not listed here replies")
                .append(" `ERR unknown command`. Replies follow Redis 7.2 (the version HELLO and INFO report) once a")
                .append(" connection speaks Redis's protocol (after `HELLO 2` or `HELLO 3`, or for every connection with")
                .append(" `-Dsimpleredis.protocol=resp2|resp3`); a connection that has not sent HELLO uses the seed")
                .append(" dialect, whose differences are noted per command. The tests compare replies with")
                .append(" redis-server 7.0.15; where 7.0 and 7.2 reply differently (blocking timeouts out of range,")
                .append(" the digits of a score), the command's row says which one simpleredis follows.\n\n")
                .append("Columns: **Arity** counts the command name, negative meaning \"at least\"; **Flags** and")
                .append(" **Keys** (first key, last key, step) are what `COMMAND INFO` replies; **Status** is")
                .append(" *as Redis* when the command behaves as Redis documents it, *differs* when the last column")
                .append(" says how, and *simpleredis* for commands Redis does not have.\n");
        Map<String, List<CommandSpec>> byGroup = table.all().stream()
                .collect(Collectors.groupingBy(CommandSpec::group, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, String> g : GROUPS.entrySet()) {
            List<CommandSpec> specs = byGroup.getOrDefault(g.getKey(), List.of());
            if (specs.isEmpty()) {
                continue;
            }
            sb.append("\n## ").append(g.getValue()).append("\n\n")
                    .append("| Command | Arguments | Arity | Flags | Keys | Status | Differences from Redis |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (CommandSpec spec : specs) {
                row(spec, sb);
                for (CommandSpec sub : spec.subcommands().values()) {
                    row(sub, sb);
                }
            }
        }
        return sb.toString();
    }

    private static void row(CommandSpec spec, StringBuilder sb) {
        List<String> flags = new ArrayList<>();
        for (Flag f : spec.flags()) {
            flags.add(f.redisName());
        }
        String syntax = Syntax.render(spec.syntax());
        String status = !spec.inRedis() ? "simpleredis" : spec.note().isEmpty() ? "as Redis" : "differs";
        sb.append("| `").append(spec.displayName()).append("` | ")
                .append(syntax.isEmpty() ? "" : "`" + cell(syntax) + "`").append(" | ")
                .append(spec.arity()).append(" | ")
                .append(String.join(", ", flags)).append(" | ")
                .append(spec.firstKey() == 0 ? "" : spec.firstKey() + ", " + spec.lastKey() + ", " + spec.keyStep())
                .append(" | ").append(status).append(" | ")
                .append(cell(spec.note())).append(" |\n");
    }

    /** Text safe inside a table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

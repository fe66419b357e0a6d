package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import dev.simpleredis.server.command.CommandSpec.AclCategory;
import dev.simpleredis.server.command.CommandSpec.Flag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** COMMAND and its subcommands, generated from the {@link CommandTable}. */
final class CommandInfo {

    static final String NOTE = "Each entry has Redis's ten fields; tips and key specifications are empty"
            + " (key positions are in first/last/step, and the `movablekeys` flag marks commands whose keys follow"
            + " a numkeys argument).";

    private static final String[] HELP = {
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all commands.",
        "COUNT",
        "    Return the total number of commands in this server.",
        "LIST",
        "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full command.",
        "HELP",
        "    Print this help.",
    };

    private final CommandTable table;

    CommandInfo(CommandTable table) {
        this.table = table;
    }

    /** COMMAND: every command's details. */
    Value all(Keyspace keyspace, Session session, Request request) {
        List<Value> out = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            out.add(describe(spec));
        }
        return new Value.Array(out);
    }

    /** COMMAND COUNT. */
    Value count(Keyspace keyspace, Session session, Request request) {
        return Value.Int.of(table.all().size());
    }

    /** COMMAND INFO [name ...]: details per name, null for an unknown one. */
    Value info(Keyspace keyspace, Session session, Request request) {
        if (request.size() == 2) {
            return all(keyspace, session, request);
        }
        List<Value> out = new ArrayList<>();
        for (int i = 2; i < request.size(); i++) {
            CommandSpec spec = table.find(request.text(i));
            out.add(spec == null ? Value.Null.INSTANCE : describe(spec));
        }
        return new Value.Array(out);
    }

    /** COMMAND DOCS [name ...]: a map from name to documentation; unknown names are left out. */
    Value docs(Keyspace keyspace, Session session, Request request) {
        Map<Value, Value> out = new LinkedHashMap<>();
        if (request.size() == 2) {
            for (CommandSpec spec : table.all()) {
                out.put(Value.Bulk.of(spec.name()), document(spec));
            }
        } else {
            for (int i = 2; i < request.size(); i++) {
                CommandSpec spec = table.find(request.text(i));
                if (spec != null) {
                    out.put(Value.Bulk.of(spec.name()), document(spec));
                }
            }
        }
        return new Value.Dict(out);
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: names, subcommands included. */
    Value list(Keyspace keyspace, Session session, Request request) {
        String filter = null;
        String argument = null;
        if (request.size() == 5 && request.is(2, "filterby")) {
            filter = request.text(3).toLowerCase(Locale.ROOT);
            argument = request.text(4);
            if (!filter.equals("module") && !filter.equals("aclcat") && !filter.equals("pattern")) {
                throw CommandException.syntax();
            }
        } else if (request.size() != 2) {
            throw CommandException.syntax();
        }
        List<Value> out = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            addIfMatching(spec, filter, argument, out);
            for (CommandSpec sub : spec.subcommands().values()) {
                addIfMatching(sub, filter, argument, out);
            }
        }
        return new Value.Array(out);
    }

    /** COMMAND GETKEYS command [arg ...]: the key arguments of that command line. */
    Value getKeys(Keyspace keyspace, Session session, Request request) {
        Request target = new Request(request.args().subList(2, request.size()));
        CommandSpec spec = table.find(target.text(0));
        if (spec != null && spec.isContainer()) {
            spec = target.size() >= 2 ? spec.subcommands().get(target.text(1).toLowerCase(Locale.ROOT)) : null;
        }
        if (spec == null) {
            throw new CommandException("ERR Invalid command specified");
        }
        if (!spec.hasKeys()) {
            throw new CommandException("ERR The command has no key arguments");
        }
        if (!spec.arityMatches(target.size())) {
            throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        List<Integer> positions = spec.keyPositions(target);
        if (positions.isEmpty() && !spec.flags().contains(CommandSpec.Flag.NO_MANDATORY_KEYS)) {
            throw new CommandException("ERR Invalid arguments specified for command");
        }
        List<Value> keys = new ArrayList<>();
        for (int i : positions) {
            keys.add(new Value.Bulk(target.bytes(i)));
        }
        return new Value.Array(keys);
    }

    /** COMMAND HELP. */
    Value help(Keyspace keyspace, Session session, Request request) {
        return Client.helpReply(HELP);
    }

    private static void addIfMatching(CommandSpec spec, String filter, String argument, List<Value> out) {
        boolean matches;
        if (filter == null) {
            matches = true;
        } else {
            matches = switch (filter) {
                case "aclcat" -> spec.categories().stream().anyMatch(c -> c.name().equalsIgnoreCase(argument));
                case "pattern" -> Glob.matches(argument.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                        spec.name().getBytes(StandardCharsets.UTF_8));
                default -> false; // no modules
            };
        }
        if (matches) {
            out.add(Value.Bulk.of(spec.name()));
        }
    }

    /** A command's ten COMMAND INFO fields; sets where Redis replies sets in RESP3. */
    static Value describe(CommandSpec spec) {
        List<Value> flags = new ArrayList<>();
        for (Flag f : spec.flags()) {
            flags.add(new Value.Simple(f.redisName()));
        }
        List<Value> categories = new ArrayList<>();
        for (AclCategory c : spec.categories()) {
            categories.add(new Value.Simple(c.redisName()));
        }
        Value subcommands;
        if (spec.isContainer()) {
            List<Value> subs = new ArrayList<>();
            for (CommandSpec sub : spec.subcommands().values()) {
                subs.add(describe(sub));
            }
            subcommands = new Value.Array(subs);
        } else {
            subcommands = new Value.Set(List.of());
        }
        return Value.Array.of(
                Value.Bulk.of(spec.name()),
                Value.Int.of(spec.arity()),
                new Value.Set(flags),
                Value.Int.of(spec.firstKey()),
                Value.Int.of(spec.lastKey()),
                Value.Int.of(spec.keyStep()),
                new Value.Set(categories),
                new Value.Set(List.of()),
                new Value.Set(List.of()),
                subcommands);
    }

    /** A command's COMMAND DOCS map. */
    static Value document(CommandSpec spec) {
        Map<Value, Value> m = new LinkedHashMap<>();
        m.put(Value.Bulk.of("summary"), Value.Bulk.of(spec.summary()));
        m.put(Value.Bulk.of("since"), Value.Bulk.of(spec.since()));
        m.put(Value.Bulk.of("group"), Value.Bulk.of(spec.group()));
        List<Syntax.Arg> args = Syntax.parse(spec.syntax());
        if (!args.isEmpty()) {
            m.put(Value.Bulk.of("arguments"), new Value.Array(args.stream().map(Syntax.Arg::toValue).toList()));
        }
        if (spec.isContainer()) {
            Map<Value, Value> subs = new LinkedHashMap<>();
            for (CommandSpec sub : spec.subcommands().values()) {
                subs.put(Value.Bulk.of(sub.name()), document(sub));
            }
            m.put(Value.Bulk.of("subcommands"), new Value.Dict(subs));
        }
        return new Value.Dict(m);
    }
}

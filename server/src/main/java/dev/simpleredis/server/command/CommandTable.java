package dev.simpleredis.server.command;

import static dev.simpleredis.server.command.CommandSpec.Flag.CONNECTION;
import static dev.simpleredis.server.command.CommandSpec.Flag.FAST;
import static dev.simpleredis.server.command.CommandSpec.Flag.READONLY;
import static dev.simpleredis.server.command.CommandSpec.Flag.WRITE;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.command.CommandSpec.Flag;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every command the server knows, by name, and the checks made before one runs. */
public final class CommandTable {

    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();

    private CommandTable() {
    }

    public static CommandTable standard() {
        CommandTable t = new CommandTable();
        t.add("get", 2, new Get(), READONLY, FAST);
        t.add("set", -3, new Set(), WRITE);
        t.add("mget", -2, new MGet(), READONLY, FAST);
        t.add("setnx", 3, SetVariant.SETNX, WRITE, FAST);
        t.add("setex", 4, SetVariant.SETEX, WRITE);
        t.add("psetex", 4, SetVariant.PSETEX, WRITE);
        t.add("getset", 3, SetVariant.GETSET, WRITE, FAST);
        t.add("getdel", 2, new GetDel(), WRITE, FAST);
        t.add("getex", -2, new GetEx(), WRITE, FAST);
        t.add("msetnx", -3, new MSetNx(), WRITE);
        t.add("append", 3, new Append(), WRITE, FAST);
        t.add("strlen", 2, new StrLen(), READONLY, FAST);
        t.add("getrange", 4, new GetRange(), READONLY);
        t.add("setrange", 4, new SetRange(), WRITE);
        t.add("incr", 2, new IncrBy(1, false), WRITE, FAST);
        t.add("decr", 2, new IncrBy(-1, false), WRITE, FAST);
        t.add("incrby", 3, new IncrBy(1, true), WRITE, FAST);
        t.add("decrby", 3, new IncrBy(-1, true), WRITE, FAST);
        t.add("incrbyfloat", 3, new IncrByFloat(), WRITE, FAST);
        t.add("mset", -3, new MSet(), WRITE);
        Del del = new Del();
        t.add("del", -2, del, WRITE);
        t.add("unlink", -2, del, WRITE, FAST);
        Exists exists = new Exists();
        t.add("exists", -2, exists, READONLY, FAST);
        t.add("touch", -2, exists, READONLY, FAST);
        t.add("type", 2, new Type(), READONLY, FAST);
        t.add("keys", 2, new Keys(), READONLY);
        t.add("scan", -2, new Scan(), READONLY);
        t.add("randomkey", 1, new RandomKey(), READONLY);
        t.add("rename", 3, new Rename(false), WRITE);
        t.add("renamenx", 3, new Rename(true), WRITE, FAST);
        t.add("copy", -3, new Copy(), WRITE);
        t.add("move", 3, new Move(), WRITE, FAST);
        t.add("dbsize", 1, new DbSize(), READONLY, FAST);
        t.add("select", 2, new Select(), FAST, CONNECTION);
        t.add("swapdb", 3, new SwapDb(), WRITE, FAST);
        t.add("flushall", -1, new FlushAll(), WRITE);
        t.add("delete", -2, del, WRITE);
        FlushDb flush = new FlushDb();
        t.add("flushdb", -1, flush, WRITE);
        t.add("flush", -1, flush, WRITE);
        t.add("ping", -1, new Ping(), FAST, CONNECTION);
        t.add("echo", 2, new Echo(), FAST, CONNECTION);
        t.add("quit", -1, new Quit(), FAST, CONNECTION);
        t.add("bgrewriteaof", 1, new BgRewriteAof());
        t.add("expire", -3, new Expire("expire", 1000, false), WRITE, FAST);
        t.add("pexpire", -3, new Expire("pexpire", 1, false), WRITE, FAST);
        t.add("expireat", -3, new Expire("expireat", 1000, true), WRITE, FAST);
        t.add("pexpireat", -3, new Expire("pexpireat", 1, true), WRITE, FAST);
        t.add("ttl", 2, new Ttl(1000, false), READONLY, FAST);
        t.add("pttl", 2, new Ttl(1, false), READONLY, FAST);
        t.add("expiretime", 2, new Ttl(1000, true), READONLY, FAST);
        t.add("pexpiretime", 2, new Ttl(1, true), READONLY, FAST);
        t.add("persist", 2, new Persist(), WRITE, FAST);
        return t;
    }

    private void add(String name, int arity, Command command, Flag... flags) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(List.of(flags));
        byName.put(name, new CommandSpec(name, arity, Collections.unmodifiableSet(set), command));
    }

    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /**
     * The entry for a request, after checking its shape, name and arity.
     *
     * @throws CommandException with Redis's reply text when the request cannot run
     */
    public CommandSpec lookup(Request request) {
        if (!(request.value(0) instanceof Value.Bulk || request.value(0) instanceof Value.Simple)) {
            throw new CommandException("ERR command name must be a string");
        }
        String name = request.text(0).toLowerCase(Locale.ROOT);
        CommandSpec spec = byName.get(name);
        if (spec == null) {
            throw new CommandException(unknown(request));
        }
        if (!spec.arityMatches(request.size())) {
            throw new CommandException("ERR wrong number of arguments for '" + name + "' command");
        }
        return spec;
    }

    /** Redis's text: {@code ERR unknown command 'x', with args beginning with: 'a' 'b' }. */
    private static String unknown(Request request) {
        StringBuilder sb = new StringBuilder("ERR unknown command '").append(printable(request.value(0), 128))
                .append("', with args beginning with: ");
        for (int i = 1; i < request.size() && sb.length() < 128; i++) {
            sb.append('\'').append(printable(request.value(i), 128 - sb.length())).append("' ");
        }
        return sb.toString();
    }

    /** An argument as text safe inside an error line: no CR/LF, bounded length. */
    private static String printable(Value v, int max) {
        String text = v instanceof Value.Bulk b ? new String(b.bytes(), StandardCharsets.UTF_8) : String.valueOf(v);
        text = text.replaceAll("[\\r\\n]", " ");
        return text.length() > Math.max(max, 0) ? text.substring(0, Math.max(max, 0)) : text;
    }
}

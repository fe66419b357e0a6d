package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.server.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Prototype;

/**
 * EVAL, EVALSHA, their read-only forms, and the SCRIPT subcommands: Lua scripts, compiled once and
 * cached by SHA1, that run atomically (the command lock is held, and the commands they call write
 * into the EVAL's own batch, so a script that fails leaves nothing behind).
 *
 * <p>Scripts run on a platform thread of their own with a large stack, while the client's thread
 * waits: Lua calls nest on the Java stack, and a deeply recursive script must leave room for the
 * commands it calls. The thread ends when no script has run for a minute.
 */
final class Scripting {

    static final String NOTE = "Lua is LuaJ 3.0.1 (Lua 5.2) with Redis's Lua 5.1 library surface: unpack,"
            + " loadstring, Lua 5.1's tostring and string.format, the redis library (call, pcall, error_reply,"
            + " status_reply, sha1hex, log, setresp(2), set_repl), read-only globals and libraries, Redis's"
            + " reply conversions and error texts. A script that raises an error, or runs longer than"
            + " `simpleredis.lua-time-limit` (5 s by default), is stopped and none of its writes are kept: Redis"
            + " keeps the writes made before an error, and lets a long script run while other clients get BUSY"
            + " until SCRIPT KILL. Differs: runtime and compile error messages are worded by LuaJ (e.g. `attempt"
            + " to index ? (a nil value)`); non-integer numbers joined with `..` print with float precision;"
            + " `error(msg, 2)` gives the position of the innermost function; nested calls are limited to "
            + LuaSandbox.MAX_DEPTH + ", and tail calls count as nested calls; -0 is 0; no cjson, cmsgpack,"
            + " struct, bit or coroutine libraries; no RESP3 script replies (`redis.setresp(3)`); math.random is"
            + " seeded alike for every script, but its numbers are not Redis's.";

    private static final long STACK_SIZE = 64L << 20;
    private static final Set<String> SHEBANG_FLAGS = Set.of("no-writes", "allow-oom", "allow-stale", "no-cluster",
            "allow-cross-slot-keys");
    private static final String[] HELP = {
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache (ASYNC flushes at once too).",
        "KILL",
        "    Reply NOTBUSY: a script that runs too long is stopped by simpleredis.lua-time-limit.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.",
    };

    /** A compiled script; {@code shebang} when it starts with {@code #!lua}, {@code noWrites} for its flag. */
    private record Script(String sha, Prototype code, boolean shebang, boolean noWrites) {
    }

    private final ServerContext server;
    private final CommandTable table;
    /** Read and written under the command lock. */
    private final Map<String, Script> cache = new HashMap<>();
    private final ThreadPoolExecutor thread;
    /** Built on first use, and used only, on the script thread. */
    private LuaSandbox sandbox;

    Scripting(ServerContext server, CommandTable table) {
        this.server = server;
        this.table = table;
        thread = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("simpleredis-scripts").daemon(true).stackSize(STACK_SIZE).factory());
        thread.allowCoreThreadTimeOut(true);
    }

    /** EVAL, EVALSHA, EVAL_RO or EVALSHA_RO. */
    Command eval(boolean bySha, boolean readOnly) {
        return (keyspace, session, request) -> eval(session, request, bySha, readOnly);
    }

    private Value eval(Session session, Request request, boolean bySha, boolean readOnly) {
        long numkeys = request.longArg(2);
        if (numkeys > request.size() - 3) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw new CommandException("ERR Number of keys can't be negative");
        }
        Script script = bySha ? cache.get(request.text(1).toLowerCase(Locale.ROOT)) : load(request.bytes(1));
        if (script == null) {
            throw new CommandException("NOSCRIPT No matching script. Please use EVAL.");
        }
        if (readOnly && script.shebang() && !script.noWrites()) {
            throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> args = new ArrayList<>();
        for (int i = 3; i < request.size(); i++) {
            (i < 3 + numkeys ? keys : args).add(request.bytes(i));
        }
        // the script's commands run as Redis's Lua client does: RESP2 replies, its own SELECT
        Session client = new Session(session.id(), Dialect.RESP2);
        client.select(session.db());
        boolean noWrites = readOnly || script.noWrites();
        long limit = server.config().luaTimeLimit();
        return onScriptThread(() -> sandbox().run(script.code(), script.sha(), keys, args,
                argv -> call(client, argv, noWrites), limit));
    }

    /** {@code redis.call}'s command, with the errors Redis gives scripts before a command runs. */
    private Value call(Session client, List<byte[]> argv, boolean noWrites) {
        List<Value> items = new ArrayList<>(argv.size());
        for (byte[] arg : argv) {
            items.add(new Value.Bulk(arg));
        }
        Request request = new Request(items);
        CommandSpec spec;
        try {
            spec = table.lookup(request);
        } catch (CommandException e) {
            throw new CommandException(e.getMessage().startsWith("ERR wrong number of arguments")
                    ? "ERR Wrong number of args calling Redis command from script"
                    : "ERR Unknown Redis command called from script");
        }
        if (spec.has(CommandSpec.Flag.NOSCRIPT)) {
            throw new CommandException("ERR This Redis command is not allowed from script");
        }
        if (noWrites && spec.writes()) {
            throw new CommandException("ERR Write commands are not allowed from read-only scripts.");
        }
        return server.call(client, request, true);
    }

    /** The cached script with this body, compiled and cached if new. */
    private Script load(byte[] body) {
        String sha = LuaSandbox.sha1(body);
        Script script = cache.get(sha);
        if (script == null) {
            script = compile(sha, body);
            cache.put(sha, script);
        }
        return script;
    }

    /** Reads the {@code #!lua flags=...} line, as Redis 7 does, then compiles the rest. */
    private Script compile(String sha, byte[] body) {
        boolean shebang = body.length >= 2 && body[0] == '#' && body[1] == '!';
        boolean noWrites = false;
        byte[] code = body;
        if (shebang) {
            int end = 0;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (end == body.length) {
                throw new CommandException("ERR Invalid script shebang");
            }
            String[] parts = new String(body, 0, end, StandardCharsets.UTF_8).trim().split("\\s+");
            if (!parts[0].equals("#!lua")) {
                throw new CommandException("ERR Unexpected engine in script shebang: " + parts[0]);
            }
            for (String part : Arrays.asList(parts).subList(1, parts.length)) {
                if (!part.startsWith("flags=")) {
                    throw new CommandException("ERR Unknown lua shebang option: " + part);
                }
                String flags = part.substring("flags=".length());
                for (String flag : flags.isEmpty() ? new String[0] : flags.split(",", -1)) {
                    if (!SHEBANG_FLAGS.contains(flag)) {
                        throw new CommandException("ERR Unexpected flag in script shebang: " + flag);
                    }
                    noWrites |= flag.equals("no-writes");
                }
            }
            code = Arrays.copyOfRange(body, end, body.length); // the newline stays: line numbers do not move
        }
        byte[] source = code;
        return new Script(sha, onScriptThread(() -> LuaSandbox.compile(source)), shebang, noWrites);
    }

    /** SCRIPT LOAD script: compiles and caches it; replies its SHA1. */
    Value scriptLoad(Keyspace keyspace, Session session, Request request) {
        return Value.Bulk.of(load(request.bytes(2)).sha());
    }

    /** SCRIPT EXISTS sha1 [sha1 ...]: 1 or 0 for each. */
    Value scriptExists(Keyspace keyspace, Session session, Request request) {
        List<Value> found = new ArrayList<>();
        for (int i = 2; i < request.size(); i++) {
            found.add(cache.containsKey(request.text(i).toLowerCase(Locale.ROOT)) ? Value.Int.ONE : Value.Int.ZERO);
        }
        return new Value.Array(found);
    }

    /** SCRIPT FLUSH [ASYNC | SYNC]: empties the cache, at once either way. */
    Value scriptFlush(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 3 || (request.size() == 3 && !request.is(2, "async") && !request.is(2, "sync"))) {
            throw new CommandException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        cache.clear();
        return Value.Simple.OK;
    }

    /** SCRIPT KILL: no script is ever running when another command runs; long ones stop by themselves. */
    Value scriptKill(Keyspace keyspace, Session session, Request request) {
        throw new CommandException("NOTBUSY No scripts in execution right now.");
    }

    /** SCRIPT HELP. */
    Value scriptHelp(Keyspace keyspace, Session session, Request request) {
        return Client.helpReply(HELP);
    }

    private LuaSandbox sandbox() {
        if (sandbox == null) {
            sandbox = new LuaSandbox();
        }
        return sandbox;
    }

    /** Runs {@code task} on the script thread and waits for it, however long, holding the command lock. */
    private <T> T onScriptThread(Callable<T> task) {
        Future<T> result = thread.submit(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the script uses the data: this thread may not go on before it ends
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    // not the script's fault (those are CommandExceptions): the server logs it
                    throw new IllegalStateException("the script thread failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

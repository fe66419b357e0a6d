package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Encoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lua environment scripts run in, as Redis 7.0 sets it up, on LuaJ: the base, string, table
 * and math libraries without file access or module loading, the {@code redis} library, KEYS and
 * ARGV, globals and libraries that scripts can read but not change (so nothing one script does is
 * seen by the next), Redis's conversions between replies and Lua values, and Redis's error texts.
 * A debug hook stops a script that runs longer than its time limit or nests calls too deeply.
 *
 * <p>Built once per server; one script runs at a time (the server's command lock is held, and
 * scripts run on {@link Scripting}'s thread), so the state of the running script is kept in fields.
 */
final class LuaSandbox {

    private static final Logger log = LoggerFactory.getLogger(LuaSandbox.class);

    /** The chunk name Redis gives scripts: errors say {@code user_script:<line>}. */
    static final String CHUNK = "@user_script";
    /**
     * Nested calls allowed (Lua functions, and library functions that call back into Lua), as
     * Lua 5.1's LUAI_MAXCALLS; {@link Scripting}'s thread has the stack for them.
     */
    static final int MAX_DEPTH = 20000;
    /** Deepest table nesting converted to a reply; deeper, an element is an error, as in Redis. */
    private static final int MAX_REPLY_DEPTH = 1000;
    /** Instructions between two looks at the clock. */
    private static final int CHECK_EVERY = 1000;
    /** LuaJ writes "@user_script:3 message"; Lua writes "user_script:3: message". */
    private static final Pattern POSITION = Pattern.compile("[@=]([^:\\s]+):(\\d+) (.*)", Pattern.DOTALL);
    private static final Set<String> GLOBALS = Set.of("assert", "collectgarbage", "error", "gcinfo", "getmetatable",
            "ipairs", "load", "loadstring", "next", "pairs", "pcall", "rawequal", "rawget", "rawset", "select",
            "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall", "_G", "_VERSION", "string", "table",
            "math", "redis");

    /** Runs one command of a script: its reply, or a CommandException with the error reply. */
    @FunctionalInterface
    interface Commands {
        Value call(List<byte[]> args);
    }

    private final ReadOnlyTable globals = new ReadOnlyTable(true);
    private final Hook hook = new Hook();
    private final LuaValue randomseed;
    /**
     * Called by LuaJ where an error happens (in the innermost Lua function, before it returns):
     * gives the message Lua's form and notes the line, as Redis's error handler does.
     */
    private final LuaFunction messageHandler = new OneArgFunction() {
        @Override
        public LuaValue call(LuaValue message) {
            return LuaValue.valueOf(position(message.tojstring()));
        }
    };
    /** The running script's command runner, and the line of its latest error. */
    private Commands commands;
    private int errorLine;

    LuaSandbox() {
        globals.load(new BaseLib());
        globals.load(new PackageLib()); // the other libraries register in package.loaded
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        globals.debuglib = hook;
        LuaValue luajPcall = globals.get("pcall");
        LuaValue luajTostring = globals.get("tostring");
        LuaTable string = globals.get("string").checktable();
        LuaTable table = globals.get("table").checktable();
        LuaTable math = globals.get("math").checktable();
        randomseed = math.get("randomseed");

        // Lua 5.1 functions that 5.2 moved or dropped, and Redis's versions of a few others
        globals.set("unpack", table.get("unpack"));
        globals.set("error", function("error", this::error));
        globals.set("pcall", function("pcall", args -> pcall(luajPcall, args)));
        globals.set("xpcall", counted("xpcall", this::xpcall));
        globals.set("tostring", counted("tostring", args -> args.arg1().type() == LuaValue.TNUMBER
                ? LuaValue.valueOf(LuaFormat.g(args.arg1().todouble(), 14)) : luajTostring.invoke(args)));
        globals.set("loadstring", counted("loadstring", args -> load(args.checkstring(1), args)));
        globals.set("load", counted("load", args -> load(args.arg1(), args)));
        globals.set("collectgarbage", function("collectgarbage", args -> args.optjstring(1, "collect").equals("count")
                ? LuaValue.valueOf(usedKilobytes()) : LuaValue.ZERO));
        globals.set("gcinfo", function("gcinfo", args -> LuaValue.valueOf((int) usedKilobytes())));
        LuaValue rep = string.get("rep");
        string.set("rep", function("rep", args -> {
            long count = args.checklong(2);
            int length = args.checkstring(1).length();
            if (length > 0 && count > Strings.MAX_LENGTH / length) {
                throw new LuaError("resulting string too large");
            }
            return rep.invoke(args);
        }));
        string.set("format", function("format", LuaFormat::format));
        string.set("gsub", counted("gsub", string.get("gsub")::invoke));
        table.set("sort", counted("sort", table.get("sort")::invoke));
        math.set("log10", function("log10", args -> LuaValue.valueOf(Math.log10(args.checkdouble(1)))));

        for (LuaValue key : globals.keys()) {
            if (!GLOBALS.contains(key.tojstring())) {
                globals.set(key, LuaValue.NIL);
            }
        }
        globals.set("string", readOnly(string));
        globals.set("table", readOnly(table));
        globals.set("math", readOnly(math));
        globals.set("redis", readOnly(redisLibrary()));
        // strings' metatable is global to the JVM: every server's sandbox sets an equal one
        LuaString.s_metatable = readOnly(LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, globals.get("string")}));
        globals.seal();
    }

    /**
     * Compiles a script body.
     *
     * @throws CommandException Redis's compile error reply
     */
    static Prototype compile(byte[] body) {
        try {
            return compile(body, CHUNK);
        } catch (LuaError e) {
            throw new CommandException(oneLine("ERR Error compiling script (new function): " + e.getMessage()));
        }
    }

    /**
     * Compiles Lua text, with every tail call made an ordinary call. A tail call returns from its
     * function before the callee runs, so an error the callee raises would reach no Lua function
     * to say where it happened ({@code return redis.call(...)} is common), and a cycle through a
     * library function would grow the Java stack uncounted. The cost: tail calls count as nested
     * calls.
     */
    private static Prototype compile(byte[] text, String chunkName) {
        try {
            Prototype p = LuaC.instance.compile(new ByteArrayInputStream(text), chunkName);
            noTailCalls(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TAILCALL A B C is always followed by RETURN A 0, which returns what CALL A B C (C = 0) leaves. */
    private static void noTailCalls(Prototype p) {
        for (int i = 0; i < p.code.length; i++) {
            if ((p.code[i] & 0x3f) == Lua.OP_TAILCALL) {
                p.code[i] = (p.code[i] & ~0x3f) | Lua.OP_CALL;
            }
        }
        for (Prototype nested : p.p) {
            noTailCalls(nested);
        }
    }

    /**
     * Runs a compiled script with KEYS and ARGV set, its commands through {@code commands},
     * stopped after {@code limitMillis}.
     *
     * @return the script's reply, converted by Redis's rules
     * @throws CommandException the script's error, as Redis words it; or, when it was stopped,
     *                          why. The server then drops everything the script wrote.
     */
    Value run(Prototype code, String sha, List<byte[]> keys, List<byte[]> args, Commands commands, long limitMillis) {
        this.commands = commands;
        errorLine = 0;
        globals.define("KEYS", strings(keys));
        globals.define("ARGV", strings(args));
        globals.running.errorfunc = messageHandler;
        randomseed.call(LuaValue.ZERO); // Redis seeds every script alike
        hook.start(limitMillis);
        try {
            return toReply(new LuaClosure(code, globals).call(), 0);
        } catch (LuaError e) {
            throw scriptError(e.getMessageObject(), sha);
        } catch (Stop e) {
            throw e.reason;
        } catch (StackOverflowError e) {
            throw scriptError(LuaValue.valueOf("stack overflow"), sha);
        } catch (OutOfMemoryError e) {
            throw new CommandException("ERR script ran out of memory and was stopped; none of its writes were kept"
                    + " script: " + sha);
        } finally {
            this.commands = null;
            globals.define("KEYS", LuaValue.NIL);
            globals.define("ARGV", LuaValue.NIL);
        }
    }

    /** The error reply of a failed script: the error's text, then where it happened. */
    private CommandException scriptError(LuaValue error, String sha) {
        String message;
        if (error != null && error.istable() && error.rawget("err").isstring()) {
            message = error.rawget("err").tojstring();
        } else {
            message = "ERR " + (error == null ? "nil" : error.tojstring());
        }
        String where = errorLine > 0 ? " script: " + sha + ", on @user_script:" + errorLine + "." : "";
        return new CommandException(oneLine(message + where));
    }

    /** Lua's "user_script:3: message" for LuaJ's "@user_script:3 message", noting the line. */
    private String position(String message) {
        Matcher m = POSITION.matcher(message);
        if (!m.matches()) {
            return message;
        }
        errorLine = Integer.parseInt(m.group(2));
        return m.group(1) + ":" + m.group(2) + ": " + m.group(3);
    }

    /** Replies and errors are one line: Redis turns CR and LF into spaces. */
    static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    // ---- Lua values to replies and back, by Redis's RESP2 rules

    /** A Lua value as the script's reply; within the time limit (a table may contain itself, twice). */
    private Value toReply(LuaValue v, int depth) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                return new Value.Bulk(bytes(v));
            case LuaValue.TBOOLEAN:
                return v.toboolean() ? Value.Int.ONE : Value.Null.INSTANCE;
            case LuaValue.TNUMBER:
                return Value.Int.of(LuaFormat.toLong(v.todouble()));
            case LuaValue.TTABLE:
                break;
            default:
                return Value.Null.INSTANCE;
        }
        if (depth >= MAX_REPLY_DEPTH) {
            return new Value.Error("ERR reached lua stack limit");
        }
        hook.checkTime();
        LuaValue field = v.rawget("err");
        if (field.type() == LuaValue.TSTRING) {
            return new Value.Error(oneLine(field.tojstring()));
        }
        field = v.rawget("ok");
        if (field.type() == LuaValue.TSTRING) {
            return new Value.Simple(oneLine(field.tojstring()));
        }
        field = v.rawget("double");
        if (field.type() == LuaValue.TNUMBER) {
            return new Value.Double(field.todouble());
        }
        field = v.rawget("map");
        if (field.type() == LuaValue.TTABLE) {
            Map<Value, Value> entries = new LinkedHashMap<>();
            for (Varargs e = field.next(LuaValue.NIL); !e.arg1().isnil(); e = field.next(e.arg1())) {
                entries.put(toReply(e.arg1(), depth + 1), toReply(e.arg(2), depth + 1));
            }
            return new Value.Dict(entries);
        }
        field = v.rawget("set");
        if (field.type() == LuaValue.TTABLE) {
            List<Value> members = new ArrayList<>();
            for (Varargs e = field.next(LuaValue.NIL); !e.arg1().isnil(); e = field.next(e.arg1())) {
                members.add(toReply(e.arg1(), depth + 1));
            }
            return new Value.Set(members);
        }
        List<Value> items = new ArrayList<>();
        for (int i = 1; !v.rawget(i).isnil(); i++) {
            items.add(toReply(v.rawget(i), depth + 1));
        }
        return new Value.Array(items);
    }

    /** A command's reply as a Lua value, as Redis hands RESP2 replies to scripts. */
    private static LuaValue toLua(Value v) {
        return switch (v) {
            case Value.Bulk b -> LuaString.valueOf(b.bytes());
            case Value.Int i -> LuaInteger.valueOf(i.value());
            case Value.Simple s -> single("ok", LuaValue.valueOf(s.text()));
            case Value.Error e -> errorTable(e.text());
            case Value.Null n -> LuaValue.FALSE;
            case Value.Double d -> LuaValue.valueOf(Encoder.formatDouble(d.value()));
            case Value.Bool b -> LuaValue.valueOf(b.value() ? 1 : 0);
            case Value.Verbatim t -> LuaValue.valueOf(t.text());
            case Value.Array a -> list(a.items());
            case Value.Set s -> list(s.items());
            case Value.Dict d -> {
                List<Value> flat = new ArrayList<>(d.entries().size() * 2);
                d.entries().forEach((key, value) -> {
                    flat.add(key);
                    flat.add(value);
                });
                yield list(flat);
            }
        };
    }

    private static LuaTable list(List<Value> items) {
        LuaTable t = new LuaTable(items.size(), 0);
        for (int i = 0; i < items.size(); i++) {
            t.rawset(i + 1, toLua(items.get(i)));
        }
        return t;
    }

    private static LuaTable strings(List<byte[]> items) {
        LuaTable t = new LuaTable(items.size(), 0);
        for (int i = 0; i < items.size(); i++) {
            t.rawset(i + 1, LuaString.valueOf(items.get(i)));
        }
        return t;
    }

    private static LuaTable single(String key, LuaValue value) {
        LuaTable t = new LuaTable();
        t.rawset(key, value);
        return t;
    }

    /** Redis's error table, {@code {err = "CODE message"}}. */
    private static LuaTable errorTable(String text) {
        return single("err", LuaValue.valueOf(text));
    }

    /** Raises an error reply from a library function: it becomes the script's error reply. */
    private static LuaError raise(String text) {
        return new LuaError(errorTable(text));
    }

    private static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] out = new byte[s.m_length];
        s.copyInto(0, out, 0, out.length);
        return out;
    }

    // ---- the redis library

    private LuaTable redisLibrary() {
        LuaTable redis = new LuaTable();
        redis.set("call", function("call", args -> command(args, true)));
        redis.set("pcall", function("pcall", args -> command(args, false)));
        redis.set("sha1hex", function("sha1hex", args -> {
            if (args.narg() != 1) {
                throw raise("ERR wrong number of arguments");
            }
            LuaValue v = args.arg1();
            String text = v.type() == LuaValue.TNUMBER ? LuaFormat.g(v.todouble(), 14) : v.isstring() ? v.tojstring() : "";
            return LuaValue.valueOf(sha1(v.type() == LuaValue.TSTRING ? bytes(v) : text.getBytes(StandardCharsets.UTF_8)));
        }));
        redis.set("error_reply", function("error_reply", args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return errorTable("ERR wrong number or type of arguments");
            }
            // "-CODE message" or "message" (code ERR), as Redis builds error tables
            String text = args.arg1().tojstring();
            String dashed = text.startsWith("-") ? text : "-" + text;
            int space = dashed.indexOf(' ');
            String code = space < 0 ? "ERR" : dashed.substring(1, space);
            String message = space < 0 ? dashed.substring(1) : dashed.substring(space + 1);
            return errorTable(code + " " + message.replaceAll("^[\\r\\n]+|[\\r\\n]+$", ""));
        }));
        redis.set("status_reply", function("status_reply", args -> args.narg() == 1 && args.arg1().type() == LuaValue.TSTRING
                ? single("ok", args.arg1()) : errorTable("ERR wrong number or type of arguments")));
        redis.set("log", function("log", this::log));
        redis.set("setresp", function("setresp", args -> {
            if (args.narg() != 1) {
                throw raise("ERR redis.setresp() requires one argument.");
            }
            long resp = args.arg1().isnumber() ? args.arg1().tolong() : 0;
            if (resp != 2 && resp != 3) {
                throw raise("ERR RESP version must be 2 or 3.");
            }
            if (resp == 3) {
                throw raise("ERR simpleredis runs scripts with RESP2 replies only");
            }
            return LuaValue.NONE;
        }));
        redis.set("replicate_commands", function("replicate_commands", args -> LuaValue.TRUE));
        redis.set("set_repl", function("set_repl", args -> {
            if (args.narg() != 1) {
                throw raise("ERR redis.set_repl() requires one argument.");
            }
            long flags = args.arg1().isnumber() ? args.arg1().tolong() : -1;
            if (flags < 0 || flags > 3) {
                throw raise("ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            return LuaValue.NONE; // there are no replicas: nothing to choose
        }));
        redis.set("breakpoint", function("breakpoint", args -> LuaValue.FALSE));
        redis.set("debug", function("debug", args -> LuaValue.NONE));
        String[][] constants = {{"LOG_DEBUG", "0"}, {"LOG_VERBOSE", "1"}, {"LOG_NOTICE", "2"}, {"LOG_WARNING", "3"},
            {"REPL_NONE", "0"}, {"REPL_AOF", "1"}, {"REPL_SLAVE", "2"}, {"REPL_REPLICA", "2"}, {"REPL_ALL", "3"}};
        for (String[] c : constants) {
            redis.set(c[0], Integer.parseInt(c[1]));
        }
        redis.set("REDIS_VERSION", Hello.REDIS_VERSION);
        String[] v = Hello.REDIS_VERSION.split("\\.");
        redis.set("REDIS_VERSION_NUM", Integer.parseInt(v[0]) << 16 | Integer.parseInt(v[1]) << 8 | Integer.parseInt(v[2]));
        return redis;
    }

    /** {@code redis.call} ({@code raise}: an error reply raises it) and {@code redis.pcall} (it is returned). */
    private Varargs command(Varargs args, boolean raise) {
        LuaValue reply;
        try {
            if (args.narg() == 0) {
                throw new CommandException("ERR Please specify at least one argument for this redis lib call");
            }
            List<byte[]> argv = new ArrayList<>(args.narg());
            for (int i = 1; i <= args.narg(); i++) {
                LuaValue a = args.arg(i);
                if (a.type() == LuaValue.TNUMBER) {
                    argv.add(LuaFormat.g(a.todouble(), 17).getBytes(StandardCharsets.US_ASCII));
                } else if (a.type() == LuaValue.TSTRING) {
                    argv.add(bytes(a));
                } else {
                    throw new CommandException("ERR Lua redis lib command arguments must be strings or integers");
                }
            }
            Value result = commands.call(argv);
            reply = result == null ? LuaValue.FALSE : toLua(result);
        } catch (CommandException e) {
            reply = errorTable(e.getMessage());
        } catch (RuntimeException e) {
            throw new Stop(e); // the server failed, not the command: the script ends, and its writes are dropped
        } finally {
            hook.checkTime();
        }
        if (raise && reply.istable() && reply.rawget("err").isstring()) {
            throw new LuaError(reply);
        }
        return reply;
    }

    /** {@code redis.log(level, message ...)}: to the server's log. */
    private Varargs log(Varargs args) {
        if (args.narg() < 2) {
            throw raise("ERR redis.log() requires two arguments or more.");
        }
        if (!args.arg1().isnumber()) {
            throw raise("ERR First argument must be a number (log level).");
        }
        int level = args.arg1().toint();
        if (level < 0 || level > 3) {
            throw raise("ERR Invalid debug level.");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 2; i <= args.narg(); i++) {
            if (args.arg(i).isstring()) {
                sb.append(sb.isEmpty() ? "" : " ").append(args.arg(i).tojstring());
            }
        }
        switch (level) {
            case 3 -> log.warn("script: {}", sb);
            case 2 -> log.info("script: {}", sb);
            default -> log.debug("script: {}", sb);
        }
        return LuaValue.NONE;
    }

    static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    // ---- Lua 5.1's versions of base functions

    /** {@code error(value [, level])}: a string or number gets the position at a level above 0. */
    private Varargs error(Varargs args) {
        LuaValue value = args.arg1();
        if (args.optint(2, 1) > 0 && (value.type() == LuaValue.TSTRING || value.type() == LuaValue.TNUMBER)) {
            throw new LuaError(value.tojstring()); // LuaJ adds the position as the error leaves the function
        }
        throw new LuaError(value);
    }

    /** Redis's {@code pcall}: an error table raised by {@code redis.call} is caught as its text. */
    private static Varargs pcall(LuaValue luajPcall, Varargs args) {
        Varargs result = luajPcall.invoke(args);
        if (!result.arg1().toboolean() && result.arg(2).istable() && result.arg(2).rawget("err").isstring()) {
            return LuaValue.varargsOf(LuaValue.FALSE, result.arg(2).rawget("err"));
        }
        return result;
    }

    /** {@code xpcall(f, handler)}: the handler sees Lua's message text. */
    private Varargs xpcall(Varargs args) {
        LuaValue f = args.arg1();
        LuaValue handler = args.arg(2);
        LuaThread thread = globals.running;
        LuaValue previous = thread.errorfunc;
        thread.errorfunc = new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue message) {
                return handler.call(LuaValue.valueOf(position(message.tojstring())));
            }
        };
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(3)));
        } catch (LuaError e) {
            LuaValue m = e.getMessageObject();
            return LuaValue.varargsOf(LuaValue.FALSE, m == null ? LuaValue.NIL : m);
        } finally {
            thread.errorfunc = previous;
        }
    }

    /** {@code loadstring(text [, name])} and {@code load(text or reader [, name])}: compiled in this sandbox. */
    private Varargs load(LuaValue chunk, Varargs args) {
        byte[] text;
        if (chunk.isfunction()) {
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            for (LuaValue piece = chunk.call(); piece.isstring() && piece.length() > 0; piece = chunk.call()) {
                pieces.writeBytes(bytes(piece));
            }
            text = pieces.toByteArray();
        } else {
            text = bytes(chunk.checkstring());
        }
        try {
            // the environment is always the sandbox: the debug hook only runs for closures of a Globals
            return new LuaClosure(compile(text, args.optjstring(2, "=(load)")), globals);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        }
    }

    private static double usedKilobytes() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1024.0;
    }

    private static LuaFunction function(String name, Function<Varargs, Varargs> body) {
        return new VarArgFunction() {
            {
                this.name = name;
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }

    /**
     * A library function that calls back into Lua, counted as a nested call: a cycle through
     * library functions alone would otherwise grow the Java stack uncounted.
     */
    private LuaFunction counted(String name, Function<Varargs, Varargs> body) {
        return function(name, args -> {
            hook.enter();
            try {
                return body.apply(args);
            } finally {
                hook.onReturn();
            }
        });
    }

    /** A read-only copy of a library table. */
    private static ReadOnlyTable readOnly(LuaTable t) {
        ReadOnlyTable copy = new ReadOnlyTable(false);
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            copy.rawset(e.arg1(), e.arg(2));
        }
        copy.seal();
        return copy;
    }

    /** Ends a script from inside Lua in a way {@code pcall} cannot catch (it catches exceptions only). */
    private static final class Stop extends Error {
        private static final long serialVersionUID = 1L;
        final transient RuntimeException reason;

        Stop(RuntimeException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }

    /**
     * Counts nested calls and instructions: LuaJ calls it on every call, return and instruction of
     * a closure whose environment has it as {@code debuglib}.
     */
    private static final class Hook extends DebugLib {
        private int depth;
        private int ticks;
        private long limitMillis;
        private long deadline;

        void start(long limitMillis) {
            this.limitMillis = limitMillis;
            deadline = System.nanoTime() + limitMillis * 1_000_000;
            depth = 0;
            ticks = 0;
        }

        void enter() {
            if (depth == MAX_DEPTH) {
                throw new LuaError("stack overflow"); // before counting: no return follows a failed call
            }
            depth++;
        }

        void checkTime() {
            if (System.nanoTime() - deadline > 0) {
                throw new Stop(new CommandException("ERR script ran longer than " + limitMillis
                        + " ms (simpleredis.lua-time-limit) and was stopped; none of its writes were kept"));
            }
        }

        @Override
        public void onCall(LuaFunction f) {
            enter();
        }

        @Override
        public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
            enter();
        }

        @Override
        public void onReturn() {
            depth--;
        }

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            if (++ticks == CHECK_EVERY) {
                ticks = 0;
                checkTime();
            }
        }
    }

    /**
     * A table scripts cannot change, as Redis 7 protects the globals and libraries; the globals
     * ({@code strict}) also refuse to read a name that is not there. A {@link Globals} because
     * LuaJ runs the debug hook only for closures whose environment is a Globals.
     */
    private static final class ReadOnlyTable extends Globals {
        private final boolean strict;
        private boolean sealed;

        ReadOnlyTable(boolean strict) {
            this.strict = strict;
        }

        void seal() {
            sealed = true;
        }

        /** Sets a name scripts see (KEYS, ARGV) while the table stays read-only for them. */
        void define(String name, LuaValue value) {
            sealed = false;
            try {
                rawset(name, value);
            } finally {
                sealed = true;
            }
        }

        private LuaError readOnly() {
            return new LuaError("Attempt to modify a readonly table");
        }

        @Override
        public LuaValue get(LuaValue key) {
            LuaValue v = super.get(key);
            if (strict && sealed && v.isnil()) {
                throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
            }
            return v;
        }

        @Override
        public void rawset(int key, LuaValue value) {
            if (sealed) {
                throw readOnly();
            }
            super.rawset(key, value);
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            if (sealed) {
                throw readOnly();
            }
            super.rawset(key, value);
        }

        @Override
        public void insert(int pos, LuaValue value) {
            throw readOnly();
        }

        @Override
        public LuaValue remove(int pos) {
            throw readOnly();
        }

        @Override
        public void sort(LuaValue comparator) {
            throw readOnly();
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            if (sealed) {
                throw readOnly();
            }
            return super.setmetatable(metatable);
        }
    }
}

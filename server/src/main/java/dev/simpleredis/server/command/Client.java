package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The CLIENT subcommands, as Redis 7.2 has them (without tracking, pausing and unblocking). */
final class Client {

    static final String LIST_NOTE = "`fd` is the connection id (the JVM does not expose descriptors); the buffer and"
            + " memory fields (qbuf, argv-mem, obl, omem, tot-mem, ...) are always 0; `resp` is 2 for the seed dialect.";

    private static final String[] HELP = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GETNAME",
        "    Return the name of the current connection.",
        "GETREDIR",
        "    Return -1: there is no client side caching to redirect.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "    * ID <client-id>",
        "      Kill connections by client id.",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "    * ID <client-id> [<client-id> ...]",
        "      Return clients with the specified IDs.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "NO-TOUCH (ON|OFF)",
        "    Will not touch LRU/LFU stats when this mode is on.",
        "HELP",
        "    Print this help.",
    };

    private final ServerContext server;

    Client(ServerContext server) {
        this.server = server;
    }

    /** CLIENT ID. */
    Value id(Keyspace keyspace, Session session, Request request) {
        return Value.Int.of(session.id());
    }

    /** CLIENT SETNAME name: an empty name clears it. */
    Value setName(Keyspace keyspace, Session session, Request request) {
        session.name(validName(request.bytes(2)));
        return Value.Simple.OK;
    }

    /** CLIENT GETNAME. */
    Value getName(Keyspace keyspace, Session session, Request request) {
        String name = session.name();
        return name == null ? Value.Null.INSTANCE : Value.Bulk.of(name);
    }

    /** CLIENT LIST [TYPE type] | [ID id [id ...]]: one line per connection, each ending in a newline. */
    Value list(Keyspace keyspace, Session session, Request request) {
        List<Long> ids = null;
        boolean none = false;
        if (request.size() == 4 && request.is(2, "type")) {
            none = !normalType(request, 3);
        } else if (request.size() >= 4 && request.is(2, "id")) {
            ids = new ArrayList<>();
            for (int i = 3; i < request.size(); i++) {
                try {
                    ids.add(request.longArg(i));
                } catch (CommandException e) {
                    throw new CommandException("ERR Invalid client ID");
                }
            }
        } else if (request.size() != 2) {
            throw CommandException.syntax();
        }
        StringBuilder sb = new StringBuilder();
        if (!none) {
            long now = System.currentTimeMillis();
            for (Session s : server.sessions()) {
                if (ids == null || ids.contains(s.id())) {
                    describe(s, now, sb);
                }
            }
        }
        return Value.Verbatim.txt(sb.toString());
    }

    /** CLIENT INFO: this connection's CLIENT LIST line. */
    Value info(Keyspace keyspace, Session session, Request request) {
        StringBuilder sb = new StringBuilder();
        describe(session, System.currentTimeMillis(), sb);
        return Value.Verbatim.txt(sb.toString());
    }

    /**
     * CLIENT KILL ip:port (replies OK, or an error when no connection has that address), or
     * CLIENT KILL filter value [filter value ...] (replies how many connections matched every
     * filter; this one is spared unless SKIPME NO). This connection, if killed, closes after the
     * reply.
     */
    Value kill(Keyspace keyspace, Session session, Request request) {
        if (request.size() == 3) {
            String addr = request.text(2);
            for (Session s : server.sessions()) {
                if (s.address().equals(addr)) {
                    close(session, s);
                    return Value.Simple.OK;
                }
            }
            throw new CommandException("ERR No such client");
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        boolean normal = true;
        boolean skipMe = true;
        for (int i = 2; i < request.size(); i += 2) {
            if (i + 1 >= request.size()) {
                throw CommandException.syntax();
            }
            if (request.is(i, "id")) {
                long v;
                try {
                    v = request.longArg(i + 1);
                } catch (CommandException e) {
                    v = 0;
                }
                if (v < 1) {
                    throw new CommandException("ERR client-id should be greater than 0");
                }
                id = v;
            } else if (request.is(i, "type")) {
                normal = normalType(request, i + 1);
            } else if (request.is(i, "user")) {
                String user = request.text(i + 1);
                if (!user.equals("default")) {
                    throw new CommandException("ERR No such user '" + CommandTable.printable(request.value(i + 1), 128) + "'");
                }
            } else if (request.is(i, "addr")) {
                addr = request.text(i + 1);
            } else if (request.is(i, "laddr")) {
                laddr = request.text(i + 1);
            } else if (request.is(i, "skipme")) {
                if (request.is(i + 1, "yes")) {
                    skipMe = true;
                } else if (request.is(i + 1, "no")) {
                    skipMe = false;
                } else {
                    throw CommandException.syntax();
                }
            } else {
                throw CommandException.syntax();
            }
        }
        long killed = 0;
        if (normal) {
            for (Session s : server.sessions()) {
                if ((id == null || s.id() == id) && (addr == null || s.address().equals(addr))
                        && (laddr == null || s.localAddress().equals(laddr)) && !(skipMe && s == session)) {
                    close(session, s);
                    killed++;
                }
            }
        }
        return Value.Int.of(killed);
    }

    /** CLIENT SETINFO LIB-NAME name | LIB-VER version. */
    Value setInfo(Keyspace keyspace, Session session, Request request) {
        String attr = request.text(2);
        boolean name = attr.equalsIgnoreCase("lib-name");
        if (!name && !attr.equalsIgnoreCase("lib-ver")) {
            throw new CommandException("ERR Unrecognized option '" + CommandTable.printable(request.value(2), 128) + "'");
        }
        byte[] value = request.bytes(3);
        if (!printableAscii(value)) {
            throw new CommandException("ERR " + CommandTable.printable(request.value(2), 128)
                    + " cannot contain spaces, newlines or special characters.");
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        if (name) {
            session.libName(text);
        } else {
            session.libVersion(text);
        }
        return Value.Simple.OK;
    }

    /** CLIENT NO-EVICT ON | OFF: recorded for CLIENT LIST; clients are never evicted. */
    Value noEvict(Keyspace keyspace, Session session, Request request) {
        session.noEvict(onOff(request));
        return Value.Simple.OK;
    }

    /** CLIENT NO-TOUCH ON | OFF: recorded for CLIENT LIST; no access times are kept. */
    Value noTouch(Keyspace keyspace, Session session, Request request) {
        session.noTouch(onOff(request));
        return Value.Simple.OK;
    }

    /** CLIENT REPLY ON | OFF | SKIP: OFF and SKIP send no reply themselves. */
    Value reply(Keyspace keyspace, Session session, Request request) {
        String mode;
        if (request.is(2, "on")) {
            mode = "on";
        } else if (request.is(2, "off")) {
            mode = "off";
        } else if (request.is(2, "skip")) {
            mode = "skip";
        } else {
            throw CommandException.syntax();
        }
        session.replies(mode);
        return mode.equals("on") ? Value.Simple.OK : null;
    }

    /** CLIENT GETREDIR: -1, as there is no client side caching. */
    Value getRedir(Keyspace keyspace, Session session, Request request) {
        return Value.Int.of(-1);
    }

    /** CLIENT HELP. */
    Value help(Keyspace keyspace, Session session, Request request) {
        return helpReply(HELP);
    }

    static Value helpReply(String[] lines) {
        List<Value> out = new ArrayList<>(lines.length);
        for (String line : lines) {
            out.add(new Value.Simple(line));
        }
        return new Value.Array(out);
    }

    /** A client name as Redis accepts it: printable ASCII without spaces; empty clears the name. */
    static String validName(byte[] name) {
        if (!printableAscii(name)) {
            throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        return new String(name, StandardCharsets.US_ASCII);
    }

    private static boolean printableAscii(byte[] text) {
        for (byte b : text) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static boolean onOff(Request request) {
        if (request.is(2, "on")) {
            return true;
        }
        if (request.is(2, "off")) {
            return false;
        }
        throw CommandException.syntax();
    }

    /** Whether a TYPE filter's value matches ordinary connections (the only kind there is). */
    private static boolean normalType(Request request, int i) {
        String type = request.text(i).toLowerCase(Locale.ROOT);
        return switch (type) {
            case "normal" -> true;
            case "master", "replica", "slave", "pubsub" -> false;
            default -> throw new CommandException("ERR Unknown client type '" + CommandTable.printable(request.value(i), 128) + "'");
        };
    }

    private void close(Session self, Session target) {
        if (target == self) {
            self.close();
        } else {
            server.kill(target);
        }
    }

    /** One CLIENT LIST line, in Redis 7.2's field order. */
    static void describe(Session s, long now, StringBuilder sb) {
        String name = s.name();
        String libName = s.libName();
        String libVersion = s.libVersion();
        sb.append("id=").append(s.id())
                .append(" addr=").append(s.address())
                .append(" laddr=").append(s.localAddress())
                .append(" fd=").append(s.id())
                .append(" name=").append(name == null ? "" : name)
                .append(" age=").append(Math.max(0, (now - s.createdMillis()) / 1000))
                .append(" idle=").append(Math.max(0, (now - s.lastCommandMillis()) / 1000))
                .append(" flags=").append(s.flags())
                .append(" db=").append(s.db())
                .append(" sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0"
                        + " omem=0 tot-mem=0 events=r")
                .append(" cmd=").append(s.lastCommand())
                .append(" user=default redir=-1")
                .append(" resp=").append(s.protocolVersion())
                .append(" lib-name=").append(libName == null ? "" : libName)
                .append(" lib-ver=").append(libVersion == null ? "" : libVersion)
                .append('\n');
    }
}

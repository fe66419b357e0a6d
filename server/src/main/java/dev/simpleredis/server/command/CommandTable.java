package dev.simpleredis.server.command;

import static dev.simpleredis.server.command.CommandSpec.AclCategory.CONNECTION;
import static dev.simpleredis.server.command.CommandSpec.AclCategory.DANGEROUS;
import static dev.simpleredis.server.command.CommandSpec.AclCategory.KEYSPACE;
import static dev.simpleredis.server.command.CommandSpec.AclCategory.LIST;
import static dev.simpleredis.server.command.CommandSpec.AclCategory.SCRIPTING;
import static dev.simpleredis.server.command.CommandSpec.AclCategory.SORTEDSET;
import static dev.simpleredis.server.command.CommandSpec.Flag.ADMIN;
import static dev.simpleredis.server.command.CommandSpec.Flag.ALLOW_BUSY;
import static dev.simpleredis.server.command.CommandSpec.Flag.BLOCKING;
import static dev.simpleredis.server.command.CommandSpec.Flag.DENYOOM;
import static dev.simpleredis.server.command.CommandSpec.Flag.FAST;
import static dev.simpleredis.server.command.CommandSpec.Flag.LOADING;
import static dev.simpleredis.server.command.CommandSpec.Flag.NOSCRIPT;
import static dev.simpleredis.server.command.CommandSpec.Flag.NO_ASYNC_LOADING;
import static dev.simpleredis.server.command.CommandSpec.Flag.NO_AUTH;
import static dev.simpleredis.server.command.CommandSpec.Flag.NO_MANDATORY_KEYS;
import static dev.simpleredis.server.command.CommandSpec.Flag.NO_MULTI;
import static dev.simpleredis.server.command.CommandSpec.Flag.READONLY;
import static dev.simpleredis.server.command.CommandSpec.Flag.STALE;
import static dev.simpleredis.server.command.CommandSpec.Flag.WRITE;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.command.CommandSpec.Builder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command the server knows, by name, with what COMMAND, COMMAND DOCS and
 * {@code docs/commands.md} report about it, and the checks made before one runs.
 */
public final class CommandTable {

    private static final String SEED = "simpleredis 0.1.0";
    private static final String SEED_REPLY = "In the seed dialect (no HELLO, `simpleredis.protocol=seed`) ";

    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private final List<Builder> pending = new ArrayList<>();
    /** {@link #byName} for {@link #lookup}, by the request's bytes. */
    private NameIndex index;

    private CommandTable() {
    }

    /** The table without a server behind it: for documentation; server commands fail if run. */
    public static CommandTable standard() {
        return standard(ServerContext.NONE);
    }

    /** The table of a server: the connection and server commands act on {@code server}. */
    public static CommandTable standard(ServerContext server) {
        CommandTable t = new CommandTable();
        t.strings();
        t.keyspace();
        t.expiry();
        t.lists();
        t.hashes();
        t.sets();
        t.sortedSets();
        t.scripting(server);
        t.connection(server);
        t.transactions(server);
        t.server(server);
        for (Builder b : t.pending) {
            CommandSpec spec = b.build();
            t.byName.put(spec.name(), spec);
        }
        t.pending.clear();
        t.index = new NameIndex(t.byName.values());
        return t;
    }

    private void strings() {
        add("get", 2, new Get()).flags(READONLY, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Returns the value of a key.").syntax("key")
                .note(SEED_REPLY + "a nested value (a `%` dict, an array) comes back with its type.");
        add("set", -3, new Set()).flags(WRITE, DENYOOM).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Sets the value of a key, optionally with an expiry and conditions.")
                .syntax("key value [condition: NX | XX] [GET] [expiration: EX seconds | PX milliseconds"
                        + " | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]")
                .note(SEED_REPLY + "SET replies `:1` (and `:0` when NX/XX prevent it) instead of `+OK`/null,"
                        + " and a nested value sent as the value is stored with its type.");
        add("mget", -2, new MGet()).flags(READONLY, FAST).keys(1, -1, 1).group("string").since("1.0.0")
                .summary("Returns the values of several keys.").syntax("key [key ...]");
        add("setnx", 3, SetVariant.SETNX).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Sets a key only if it does not exist.").syntax("key value");
        add("setex", 4, SetVariant.SETEX).flags(WRITE, DENYOOM).keys(1, 1, 1).group("string").since("2.0.0")
                .summary("Sets a key with an expiry in seconds.").syntax("key seconds value");
        add("psetex", 4, SetVariant.PSETEX).flags(WRITE, DENYOOM).keys(1, 1, 1).group("string").since("2.6.0")
                .summary("Sets a key with an expiry in milliseconds.").syntax("key milliseconds value");
        add("getset", 3, SetVariant.GETSET).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Sets a key and returns its old value.").syntax("key value");
        add("getdel", 2, new GetDel()).flags(WRITE, FAST).keys(1, 1, 1).group("string").since("6.2.0")
                .summary("Returns the value of a key and deletes it.").syntax("key");
        add("getex", -2, new GetEx()).flags(WRITE, FAST).keys(1, 1, 1).group("string").since("6.2.0")
                .summary("Returns the value of a key and sets or removes its expiry.")
                .syntax("key [expiration: EX seconds | PX milliseconds | EXAT unix-time-seconds"
                        + " | PXAT unix-time-milliseconds | PERSIST]");
        add("msetnx", -3, new MSetNx()).flags(WRITE, DENYOOM).keys(1, -1, 2).group("string").since("1.0.1")
                .summary("Sets several keys, only if none of them exists.").syntax("key value [key value ...]");
        add("append", 3, new Append()).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("2.0.0")
                .summary("Appends to the value of a key.").syntax("key value");
        add("strlen", 2, new StrLen()).flags(READONLY, FAST).keys(1, 1, 1).group("string").since("2.2.0")
                .summary("Returns the length of a value.").syntax("key");
        add("getrange", 4, new GetRange()).flags(READONLY).keys(1, 1, 1).group("string").since("2.4.0")
                .summary("Returns a substring of a value.").syntax("key start end");
        add("setrange", 4, new SetRange()).flags(WRITE, DENYOOM).keys(1, 1, 1).group("string").since("2.2.0")
                .summary("Overwrites part of a value from an offset.").syntax("key offset value");
        add("incr", 2, new IncrBy(1, false)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Adds one to the integer value of a key.").syntax("key");
        add("decr", 2, new IncrBy(-1, false)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Subtracts one from the integer value of a key.").syntax("key");
        add("incrby", 3, new IncrBy(1, true)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Adds an integer to the integer value of a key.").syntax("key increment");
        add("decrby", 3, new IncrBy(-1, true)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string").since("1.0.0")
                .summary("Subtracts an integer from the integer value of a key.").syntax("key decrement");
        add("incrbyfloat", 3, new IncrByFloat()).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).group("string")
                .since("2.6.0").summary("Adds a floating point number to the value of a key.")
                .syntax("key increment:double");
        add("mset", -3, new MSet()).flags(WRITE, DENYOOM).keys(1, -1, 2).group("string").since("1.0.1")
                .summary("Sets several keys at once.").syntax("key value [key value ...]")
                .note(SEED_REPLY + "MSET replies the number of pairs set (`:<pairs>`) instead of `+OK`.");
    }

    private void keyspace() {
        Del del = new Del();
        add("del", -2, del).flags(WRITE).keys(1, -1, 1).since("1.0.0")
                .summary("Deletes keys; returns how many existed.").syntax("key [key ...]");
        add("unlink", -2, del).flags(WRITE, FAST).keys(1, -1, 1).since("4.0.0")
                .summary("Deletes keys; returns how many existed.").syntax("key [key ...]")
                .note("Deletes at once, like DEL: there is no background freeing to hand the work to.");
        add("delete", -2, del).flags(WRITE).keys(1, -1, 1).since(SEED)
                .summary("The seed's name for DEL: deletes keys and returns how many existed.").syntax("key [key ...]")
                .note("Not in Redis: the seed design's alias of DEL.");
        Exists exists = new Exists();
        add("exists", -2, exists).flags(READONLY, FAST).keys(1, -1, 1).since("1.0.0")
                .summary("Counts how many of the keys exist (a key named twice counts twice).").syntax("key [key ...]");
        add("touch", -2, exists).flags(READONLY, FAST).keys(1, -1, 1).since("3.2.1")
                .summary("Counts how many of the keys exist.").syntax("key [key ...]")
                .note("No access times are kept (there is no LRU eviction), so TOUCH only counts existing keys.");
        add("type", 2, new Type()).flags(READONLY, FAST).keys(1, 1, 1).since("1.0.0")
                .summary("Returns the type of the value of a key.").syntax("key");
        add("keys", 2, new Keys()).flags(READONLY).keys(0, 0, 0).acl(DANGEROUS).since("1.0.0")
                .summary("Returns the keys that match a glob pattern.").syntax("pattern")
                .note("Keys come in byte order (Redis's order is arbitrary); a pattern's literal prefix limits"
                        + " the keys read.");
        add("scan", -2, new Scan()).flags(READONLY).keys(0, 0, 0).since("2.8.0")
                .summary("Iterates over the keys of the database.")
                .syntax("cursor [MATCH pattern] [COUNT count] [TYPE type]")
                .note("A cursor is a server-side handle for the last key returned (the newest 100000 are kept;"
                        + " an unknown cursor ends the scan), not a hash-table position; keys come in byte order,"
                        + " and a key present for the whole scan is returned exactly once.");
        add("randomkey", 1, new RandomKey()).flags(READONLY).keys(0, 0, 0).since("1.0.0")
                .summary("Returns a random key of the database.").syntax("")
                .note("Picks the first key at or after a random point of the key space, so the choice is not"
                        + " uniform.");
        add("rename", 3, new Rename(false)).flags(WRITE).keys(1, 2, 1).since("1.0.0")
                .summary("Renames a key, replacing the target.").syntax("key newkey");
        add("renamenx", 3, new Rename(true)).flags(WRITE, FAST).keys(1, 2, 1).since("1.0.0")
                .summary("Renames a key only if the new name is free.").syntax("key newkey");
        add("copy", -3, new Copy()).flags(WRITE, DENYOOM).keys(1, 2, 1).since("6.2.0")
                .summary("Copies a key, optionally to another database.")
                .syntax("source:key destination:key [DB destination-db] [REPLACE]");
        add("move", 3, new Move()).flags(WRITE, FAST).keys(1, 1, 1).since("1.0.0")
                .summary("Moves a key to another database.").syntax("key db");
        add("dbsize", 1, new DbSize()).flags(READONLY, FAST).acl(KEYSPACE).group("server").since("1.0.0")
                .summary("Returns the number of keys in the database.").syntax("")
                .note("Counts by scanning the database's key range, so it is O(N) on engines without a native count.");
        add("select", 2, new Select()).flags(LOADING, STALE, FAST).group("connection").since("1.0.0")
                .summary("Changes the database of the connection.").syntax("index");
        add("swapdb", 3, new SwapDb()).flags(WRITE, FAST).acl(KEYSPACE, DANGEROUS).group("server").since("4.0.0")
                .summary("Swaps the contents of two databases.").syntax("index1 index2");
        add("flushall", -1, new FlushAll()).flags(WRITE).acl(KEYSPACE, DANGEROUS).group("server").since("1.0.0")
                .summary("Deletes every key of every database.").syntax("[ASYNC | SYNC]")
                .note("ASYNC runs synchronously. " + SEED_REPLY + "it replies the number of keys removed.");
        FlushDb flush = new FlushDb();
        add("flushdb", -1, flush).flags(WRITE).acl(KEYSPACE, DANGEROUS).group("server").since("1.0.0")
                .summary("Deletes every key of the database.").syntax("[ASYNC | SYNC]")
                .note("ASYNC runs synchronously. " + SEED_REPLY + "it replies the number of keys removed.");
        add("flush", -1, flush).flags(WRITE).acl(KEYSPACE, DANGEROUS).group("server").since(SEED)
                .summary("The seed's name for FLUSHDB.").syntax("[ASYNC | SYNC]")
                .note("Not in Redis: the seed design's alias of FLUSHDB; in the seed dialect it replies the number"
                        + " of keys removed.");
    }

    private void expiry() {
        add("expire", -3, new Expire("expire", 1000, false)).flags(WRITE, FAST).keys(1, 1, 1).since("1.0.0")
                .summary("Sets a key's time to live in seconds.").syntax("key seconds [condition: NX | XX | GT | LT]");
        add("pexpire", -3, new Expire("pexpire", 1, false)).flags(WRITE, FAST).keys(1, 1, 1).since("2.6.0")
                .summary("Sets a key's time to live in milliseconds.")
                .syntax("key milliseconds [condition: NX | XX | GT | LT]");
        add("expireat", -3, new Expire("expireat", 1000, true)).flags(WRITE, FAST).keys(1, 1, 1).since("1.2.0")
                .summary("Sets a key's expiry as a Unix time in seconds.")
                .syntax("key unix-time-seconds [condition: NX | XX | GT | LT]");
        add("pexpireat", -3, new Expire("pexpireat", 1, true)).flags(WRITE, FAST).keys(1, 1, 1).since("2.6.0")
                .summary("Sets a key's expiry as a Unix time in milliseconds.")
                .syntax("key unix-time-milliseconds [condition: NX | XX | GT | LT]");
        add("ttl", 2, new Ttl(1000, false)).flags(READONLY, FAST).keys(1, 1, 1).since("1.0.0")
                .summary("Returns a key's time to live in seconds.").syntax("key");
        add("pttl", 2, new Ttl(1, false)).flags(READONLY, FAST).keys(1, 1, 1).since("2.6.0")
                .summary("Returns a key's time to live in milliseconds.").syntax("key");
        add("expiretime", 2, new Ttl(1000, true)).flags(READONLY, FAST).keys(1, 1, 1).since("7.0.0")
                .summary("Returns a key's expiry as a Unix time in seconds.").syntax("key");
        add("pexpiretime", 2, new Ttl(1, true)).flags(READONLY, FAST).keys(1, 1, 1).since("7.0.0")
                .summary("Returns a key's expiry as a Unix time in milliseconds.").syntax("key");
        add("persist", 2, new Persist()).flags(WRITE, FAST).keys(1, 1, 1).since("2.2.0")
                .summary("Removes a key's expiry.").syntax("key");
    }

    /** Lists: one record per element, keyed by its index, so pushes and pops at either end are O(1). */
    private void lists() {
        CommandSpec.AclCategory blocking = CommandSpec.AclCategory.BLOCKING;
        add("lpush", -3, new Push(true, false)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl(LIST).group("list")
                .since("1.0.0").summary("Prepends elements to a list, creating it if needed.")
                .syntax("key element [element ...]")
                .note(SEED_REPLY + "a nested value pushed keeps its type.");
        add("rpush", -3, new Push(false, false)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl(LIST).group("list")
                .since("1.0.0").summary("Appends elements to a list, creating it if needed.")
                .syntax("key element [element ...]")
                .note(SEED_REPLY + "a nested value pushed keeps its type.");
        add("lpushx", -3, new Push(true, true)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl(LIST).group("list")
                .since("2.2.0").summary("Prepends elements to a list only when it exists.")
                .syntax("key element [element ...]");
        add("rpushx", -3, new Push(false, true)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl(LIST).group("list")
                .since("2.2.0").summary("Appends elements to a list only when it exists.")
                .syntax("key element [element ...]");
        add("lpop", -2, new Pop(true)).flags(WRITE, FAST).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Removes and returns the first elements of a list; deletes the list when emptied.")
                .syntax("key [count]");
        add("rpop", -2, new Pop(false)).flags(WRITE, FAST).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Removes and returns the last elements of a list; deletes the list when emptied.")
                .syntax("key [count]");
        add("llen", 2, new LLen()).flags(READONLY, FAST).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Returns the length of a list.").syntax("key");
        add("lrange", 4, new LRange()).flags(READONLY).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Returns a range of elements of a list.").syntax("key start stop");
        add("lindex", 3, new LIndex()).flags(READONLY).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Returns the element at an index of a list.").syntax("key index")
                .note("O(1): elements are stored by index, where Redis walks the list.");
        add("lset", 4, new LSet()).flags(WRITE, DENYOOM).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Replaces the element at an index of a list.").syntax("key index element")
                .note("O(1): elements are stored by index, where Redis walks the list.");
        add("linsert", 5, new LInsert()).flags(WRITE, DENYOOM).keys(1, 1, 1).acl(LIST).group("list").since("2.2.0")
                .summary("Inserts an element before or after the first occurrence of a pivot.")
                .syntax("key <where: BEFORE | AFTER> pivot element");
        add("lrem", 4, new LRem()).flags(WRITE).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Removes elements equal to a value, from the head, the tail, or all.")
                .syntax("key count element");
        add("ltrim", 4, new LTrim()).flags(WRITE).keys(1, 1, 1).acl(LIST).group("list").since("1.0.0")
                .summary("Keeps only a range of elements of a list.").syntax("key start stop");
        add("lpos", -3, new LPos()).flags(READONLY).keys(1, 1, 1).acl(LIST).group("list").since("6.0.6")
                .summary("Returns the positions of elements equal to a value.")
                .syntax("key element [RANK rank] [COUNT num-matches] [MAXLEN len]");
        add("lmove", 5, new LMove(true, false)).flags(WRITE, DENYOOM).keys(1, 2, 1).acl(LIST).group("list")
                .since("6.2.0").summary("Pops an element from one end of a list and pushes it to an end of another.")
                .syntax("source:key destination:key <wherefrom: LEFT | RIGHT> <whereto: LEFT | RIGHT>");
        add("rpoplpush", 3, new LMove(false, false)).flags(WRITE, DENYOOM).keys(1, 2, 1).acl(LIST).group("list")
                .since("1.2.0").summary("Pops the last element of a list and pushes it to the head of another.")
                .syntax("source:key destination:key");
        add("blpop", -3, MultiPop.keysThenTimeout(KeyType.LIST, false)).flags(WRITE, NOSCRIPT, BLOCKING).keys(1, -2, 1).acl(LIST, blocking)
                .group("list").since("2.0.0")
                .summary("Pops the first element of the first non-empty list, waiting for one if none is.")
                .syntax("key [key ...] timeout:double")
                .note(BLOCKING_NOTE + " " + TIMEOUT_NOTE);
        add("brpop", -3, MultiPop.keysThenTimeout(KeyType.LIST, true)).flags(WRITE, NOSCRIPT, BLOCKING).keys(1, -2, 1).acl(LIST, blocking)
                .group("list").since("2.0.0")
                .summary("Pops the last element of the first non-empty list, waiting for one if none is.")
                .syntax("key [key ...] timeout:double")
                .note(BLOCKING_NOTE + " " + TIMEOUT_NOTE);
        add("blmove", 6, new LMove(true, true)).flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING).keys(1, 2, 1)
                .acl(LIST, blocking).group("list").since("6.2.0")
                .summary("Pops an element from one end of a list and pushes it to an end of another, waiting for"
                        + " one if the source is empty.")
                .syntax("source:key destination:key <wherefrom: LEFT | RIGHT> <whereto: LEFT | RIGHT> timeout:double")
                .note(TIMEOUT_NOTE);
        add("brpoplpush", 4, new LMove(false, true)).flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING).keys(1, 2, 1)
                .acl(LIST, blocking).group("list").since("2.2.0")
                .summary("Pops the last element of a list and pushes it to the head of another, waiting for one if"
                        + " the source is empty.")
                .syntax("source:key destination:key timeout:double").note(TIMEOUT_NOTE);
        add("lmpop", -4, MultiPop.withNumKeys(KeyType.LIST, false)).flags(WRITE).numKeys(1).acl(LIST).group("list")
                .since("7.0.0")
                .summary("Pops elements from an end of the first non-empty list; deletes the list when emptied.")
                .syntax("numkeys key [key ...] <where: LEFT | RIGHT> [COUNT count:integer]");
        add("blmpop", -5, MultiPop.withNumKeys(KeyType.LIST, true)).flags(WRITE, BLOCKING).numKeys(2)
                .acl(LIST, blocking).group("list").since("7.0.0")
                .summary("Pops elements from an end of the first non-empty list, waiting for one if none is.")
                .syntax("timeout:double numkeys key [key ...] <where: LEFT | RIGHT> [COUNT count:integer]")
                .note(BLOCKING_NOTE + " " + TIMEOUT_NOTE);
    }

    private static final String BLOCKING_NOTE = "Waiting clients are served in arrival order by running the"
            + " command again once a write to one of its keys commits: when one write fills several of its keys"
            + " (MULTI/EXEC), the first in the command's order is taken, where Redis 7.0 takes the first written.";
    private static final String TIMEOUT_NOTE = "The timeout is read as Redis 7.0 reads it: one of 2^63 milliseconds"
            + " or more (`inf` too) is `timeout is negative`, where Redis 7.2 replies `timeout is out of range`.";

    /** Hashes: one record per field. */
    private void hashes() {
        CommandSpec.AclCategory hash = CommandSpec.AclCategory.HASH;
        String order = "Fields come in byte order (Redis's order is arbitrary).";
        add("hset", -4, HSet.HSET).flags(WRITE, DENYOOM, FAST).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Sets fields of a hash; returns how many were added.")
                .syntax("key field value [field value ...]")
                .note(SEED_REPLY + "a nested value sent as a field's value is stored with its type.");
        add("hsetnx", 4, HSet.HSETNX).flags(WRITE, DENYOOM, FAST).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Sets a field of a hash only if it does not exist.").syntax("key field value");
        add("hmset", -4, HSet.HMSET).flags(WRITE, DENYOOM, FAST).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Sets fields of a hash (HSET replying OK).").syntax("key field value [field value ...]");
        add("hget", 3, new HGet(false)).flags(READONLY, FAST).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Returns the value of a field of a hash.").syntax("key field")
                .note(SEED_REPLY + "a nested value comes back with its type.");
        add("hmget", -3, new HGet(true)).flags(READONLY, FAST).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Returns the values of fields of a hash.").syntax("key field [field ...]");
        add("hdel", -3, new RemoveElements(KeyType.HASH)).flags(WRITE, FAST).acl(hash).keys(1, 1, 1).group("hash")
                .since("2.0.0").summary("Deletes fields of a hash; returns how many existed.")
                .syntax("key field [field ...]");
        add("hexists", 3, new Contains(KeyType.HASH, false)).flags(READONLY, FAST).acl(hash).keys(1, 1, 1)
                .group("hash").since("2.0.0").summary("Says whether a field exists in a hash.").syntax("key field");
        add("hlen", 2, new Cardinality(KeyType.HASH)).flags(READONLY, FAST).acl(hash).keys(1, 1, 1).group("hash")
                .since("2.0.0").summary("Returns the number of fields of a hash.").syntax("key");
        add("hstrlen", 3, new HStrLen()).flags(READONLY, FAST).acl(hash).keys(1, 1, 1).group("hash").since("3.2.0")
                .summary("Returns the length of the value of a field of a hash.").syntax("key field");
        add("hgetall", 2, HGetAll.HGETALL).flags(READONLY).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Returns the fields and values of a hash (a map in RESP3).").syntax("key").note(order);
        add("hkeys", 2, HGetAll.HKEYS).flags(READONLY).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Returns the fields of a hash.").syntax("key").note(order);
        add("hvals", 2, HGetAll.HVALS).flags(READONLY).acl(hash).keys(1, 1, 1).group("hash").since("2.0.0")
                .summary("Returns the values of a hash.").syntax("key").note(order);
        add("hincrby", 4, new HIncrBy()).flags(WRITE, DENYOOM, FAST).acl(hash).keys(1, 1, 1).group("hash")
                .since("2.0.0").summary("Adds an integer to the integer value of a field of a hash.")
                .syntax("key field increment");
        add("hincrbyfloat", 4, new HIncrByFloat()).flags(WRITE, DENYOOM, FAST).acl(hash).keys(1, 1, 1).group("hash")
                .since("2.6.0").summary("Adds a floating point number to the value of a field of a hash.")
                .syntax("key field increment:double");
        add("hrandfield", -2, new HRandField()).flags(READONLY).acl(hash).keys(1, 1, 1).group("hash").since("6.2.0")
                .summary("Returns random fields of a hash, optionally with their values.")
                .syntax("key [options: count [WITHVALUES]]").note(RandomPick.NOTE);
        add("hscan", -3, new ElementScan(KeyType.HASH)).flags(READONLY).acl(hash).keys(1, 1, 1).group("hash")
                .since("2.8.0").summary("Iterates over the fields and values of a hash.")
                .syntax("key cursor [MATCH pattern] [COUNT count]").note(ScanCursors.ELEMENTS_NOTE);
    }

    /** Sets: one record per member. */
    private void sets() {
        CommandSpec.AclCategory set = CommandSpec.AclCategory.SET;
        String order = "Members come in byte order (Redis's order is arbitrary).";
        add("sadd", -3, new SAdd()).flags(WRITE, DENYOOM, FAST).acl(set).keys(1, 1, 1).group("set").since("1.0.0")
                .summary("Adds members to a set; returns how many were new.").syntax("key member [member ...]");
        add("srem", -3, new RemoveElements(KeyType.SET)).flags(WRITE, FAST).acl(set).keys(1, 1, 1).group("set")
                .since("1.0.0").summary("Removes members from a set; returns how many were there.")
                .syntax("key member [member ...]");
        add("smembers", 2, new SetOperation(SetOperation.Op.INTER, false)).flags(READONLY).acl(set).keys(1, 1, 1)
                .group("set").since("1.0.0").summary("Returns the members of a set (a set in RESP3).").syntax("key")
                .note(order);
        add("sismember", 3, new Contains(KeyType.SET, false)).flags(READONLY, FAST).acl(set).keys(1, 1, 1)
                .group("set").since("1.0.0").summary("Says whether a member is in a set.").syntax("key member");
        add("smismember", -3, new Contains(KeyType.SET, true)).flags(READONLY, FAST).acl(set).keys(1, 1, 1)
                .group("set").since("6.2.0").summary("Says, for each member, whether it is in a set.")
                .syntax("key member [member ...]");
        add("scard", 2, new Cardinality(KeyType.SET)).flags(READONLY, FAST).acl(set).keys(1, 1, 1).group("set")
                .since("1.0.0").summary("Returns the number of members of a set.").syntax("key");
        add("spop", -2, new SRandom(true)).flags(WRITE, FAST).acl(set).keys(1, 1, 1).group("set").since("1.0.0")
                .summary("Removes and returns random members of a set.").syntax("key [count]").note(RandomPick.NOTE);
        add("srandmember", -2, new SRandom(false)).flags(READONLY).acl(set).keys(1, 1, 1).group("set").since("1.0.0")
                .summary("Returns random members of a set.").syntax("key [count]").note(RandomPick.NOTE);
        add("smove", 4, new SMove()).flags(WRITE, FAST).acl(set).keys(1, 2, 1).group("set").since("1.0.0")
                .summary("Moves a member from one set to another.").syntax("source:key destination:key member");
        add("sinter", -2, new SetOperation(SetOperation.Op.INTER, false)).flags(READONLY).acl(set).keys(1, -1, 1)
                .group("set").since("1.0.0").summary("Returns the intersection of sets.").syntax("key [key ...]")
                .note(order);
        add("sunion", -2, new SetOperation(SetOperation.Op.UNION, false)).flags(READONLY).acl(set).keys(1, -1, 1)
                .group("set").since("1.0.0").summary("Returns the union of sets.").syntax("key [key ...]")
                .note(order);
        add("sdiff", -2, new SetOperation(SetOperation.Op.DIFF, false)).flags(READONLY).acl(set).keys(1, -1, 1)
                .group("set").since("1.0.0").summary("Returns the members of the first set that are in none of the others.")
                .syntax("key [key ...]").note(order);
        add("sinterstore", -3, new SetOperation(SetOperation.Op.INTER, true)).flags(WRITE, DENYOOM).acl(set)
                .keys(1, -1, 1).group("set").since("1.0.0")
                .summary("Stores the intersection of sets; returns its size.").syntax("destination:key key [key ...]");
        add("sunionstore", -3, new SetOperation(SetOperation.Op.UNION, true)).flags(WRITE, DENYOOM).acl(set)
                .keys(1, -1, 1).group("set").since("1.0.0")
                .summary("Stores the union of sets; returns its size.").syntax("destination:key key [key ...]");
        add("sdiffstore", -3, new SetOperation(SetOperation.Op.DIFF, true)).flags(WRITE, DENYOOM).acl(set)
                .keys(1, -1, 1).group("set").since("1.0.0")
                .summary("Stores the difference of sets; returns its size.").syntax("destination:key key [key ...]");
        add("sintercard", -3, new SInterCard()).flags(READONLY).numKeys(1).acl(set).group("set").since("7.0.0")
                .summary("Returns the size of the intersection of sets, counting up to a limit.")
                .syntax("numkeys key [key ...] [LIMIT limit:integer]");
        add("sscan", -3, new ElementScan(KeyType.SET)).flags(READONLY).acl(set).keys(1, 1, 1).group("set")
                .since("2.8.0").summary("Iterates over the members of a set.")
                .syntax("key cursor [MATCH pattern] [COUNT count]").note(ScanCursors.ELEMENTS_NOTE);
    }

    /** Sorted sets: per member, its score, and an index entry ordered by score then member. */
    private void sortedSets() {
        String scores = "Scores are printed as Redis 7.0 prints them, with `%.17g` (1.1 is `1.1000000000000001`);"
                + " Redis 7.2 prints the shortest form (`1.1`).";
        String pairs = " " + SEED_REPLY + "replies have their RESP3 shapes: WITHSCORES gives [member, score] pairs.";
        add("zadd", -4, new ZAdd(false)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("1.2.0").summary("Adds members with scores to a sorted set, or updates their scores.")
                .syntax("key [condition: NX | XX] [comparison: GT | LT] [CH] [INCR] score:double member"
                        + " [score:double member ...]")
                .note(scores + " A score of -0 is stored as 0.");
        add("zincrby", 4, new ZAdd(true)).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("1.2.0").summary("Adds to a member's score; a new member starts at 0.")
                .syntax("key increment:double member").note(scores);
        add("zrem", -3, new ZRem()).flags(WRITE, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set").since("1.2.0")
                .summary("Removes members from a sorted set.").syntax("key member [member ...]");
        add("zcard", 2, new ZCard()).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("1.2.0").summary("Returns the number of members of a sorted set.").syntax("key");
        add("zscore", 3, new ZScore(false)).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("1.2.0").summary("Returns a member's score.").syntax("key member").note(scores);
        add("zmscore", -3, new ZScore(true)).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("6.2.0").summary("Returns the scores of several members.").syntax("key member [member ...]")
                .note(scores);
        add("zcount", 4, new ZCount(false)).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("2.0.0").summary("Counts the members with scores in a range.").syntax("key min:double max:double")
                .note("Counts by reading the members in the range: O(log(N)+M), where Redis's is O(log(N)).");
        add("zlexcount", 4, new ZCount(true)).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("2.8.9").summary("Counts the members in a lexicographical range (members of equal scores).")
                .syntax("key min:string max:string")
                .note("Counts by reading the members in the range: O(log(N)+M), where Redis's is O(log(N)).");
        String lexNote = "With scores that differ (Redis leaves the result unspecified) the members are those Redis"
                + " gives for a small set: from the first member in range in score order, while members stay in range.";
        add("zrange", -4, new ZRange(null, false, false)).flags(READONLY).keys(1, 1, 1).acl(SORTEDSET)
                .group("sorted-set").since("1.2.0")
                .summary("Returns members by rank, score or lexicographical range, optionally reversed and limited.")
                .syntax("key start:string stop:string [sortby: BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]")
                .note(scores + pairs + " BYLEX: " + lexNote);
        add("zrangestore", -5, new ZRange(null, false, true)).flags(WRITE, DENYOOM).keys(1, 2, 1).acl(SORTEDSET)
                .group("sorted-set").since("6.2.0")
                .summary("Stores a range of a sorted set (by rank, score or lexicographical) in another key.")
                .syntax("dst:key src:key min:string max:string [sortby: BYSCORE | BYLEX] [REV] [LIMIT offset count]");
        add("zrevrange", -4, new ZRange(ZRange.By.RANK, true, false)).flags(READONLY).keys(1, 1, 1).acl(SORTEDSET)
                .group("sorted-set").since("1.2.0").summary("Returns members by rank, highest score first.")
                .syntax("key start stop:integer [WITHSCORES]").note(scores + pairs);
        add("zrangebyscore", -4, new ZRange(ZRange.By.SCORE, false, false)).flags(READONLY).keys(1, 1, 1)
                .acl(SORTEDSET).group("sorted-set").since("1.0.5")
                .summary("Returns members with scores in a range, lowest first.")
                .syntax("key min:double max:double [WITHSCORES] [LIMIT offset count]").note(scores + pairs);
        add("zrevrangebyscore", -4, new ZRange(ZRange.By.SCORE, true, false)).flags(READONLY).keys(1, 1, 1)
                .acl(SORTEDSET).group("sorted-set").since("2.2.0")
                .summary("Returns members with scores in a range, highest first.")
                .syntax("key max:double min:double [WITHSCORES] [LIMIT offset count]").note(scores + pairs);
        add("zrangebylex", -4, new ZRange(ZRange.By.LEX, false, false)).flags(READONLY).keys(1, 1, 1).acl(SORTEDSET)
                .group("sorted-set").since("2.8.9")
                .summary("Returns members in a lexicographical range (members of equal scores).")
                .syntax("key min:string max:string [LIMIT offset count]").note(lexNote);
        add("zrevrangebylex", -4, new ZRange(ZRange.By.LEX, true, false)).flags(READONLY).keys(1, 1, 1)
                .acl(SORTEDSET).group("sorted-set").since("2.8.9")
                .summary("Returns members in a lexicographical range, in reverse (members of equal scores).")
                .syntax("key max:string min:string [LIMIT offset count]").note(lexNote);
        String rankNote = "Finds the rank by counting the members before it: O(rank), where Redis's is O(log(N)).";
        add("zrank", 3, new ZRank(false)).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("2.0.0").summary("Returns a member's rank, lowest score first.").syntax("key member")
                .note(rankNote);
        add("zrevrank", 3, new ZRank(true)).flags(READONLY, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("2.0.0").summary("Returns a member's rank, highest score first.").syntax("key member")
                .note(rankNote.replace("before", "after"));
        add("zremrangebyrank", 4, new ZRemRange(ZRange.By.RANK)).flags(WRITE).keys(1, 1, 1).acl(SORTEDSET)
                .group("sorted-set").since("2.0.0").summary("Removes the members in a range of ranks.")
                .syntax("key start stop:integer");
        add("zremrangebyscore", 4, new ZRemRange(ZRange.By.SCORE)).flags(WRITE).keys(1, 1, 1).acl(SORTEDSET)
                .group("sorted-set").since("1.2.0").summary("Removes the members with scores in a range.")
                .syntax("key min:double max:double");
        add("zremrangebylex", 4, new ZRemRange(ZRange.By.LEX)).flags(WRITE).keys(1, 1, 1).acl(SORTEDSET)
                .group("sorted-set").since("2.8.9").summary("Removes the members in a lexicographical range.")
                .syntax("key min:string max:string").note(lexNote);
        String popNote = " " + SEED_REPLY + "replies have their RESP3 shapes: a count gives [member, score] pairs.";
        add("zpopmin", -2, new ZPop(false)).flags(WRITE, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("5.0.0").summary("Removes and returns the members with the lowest scores.").syntax("key [count]")
                .note(scores + popNote);
        add("zpopmax", -2, new ZPop(true)).flags(WRITE, FAST).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("5.0.0").summary("Removes and returns the members with the highest scores.").syntax("key [count]")
                .note(scores + popNote);
        String blockNote = scores + " " + BLOCKING_NOTE + " " + TIMEOUT_NOTE;
        add("bzpopmin", -3, MultiPop.keysThenTimeout(KeyType.ZSET, false)).flags(WRITE, NOSCRIPT, FAST, BLOCKING)
                .keys(1, -2, 1).acl(SORTEDSET, CommandSpec.AclCategory.BLOCKING).group("sorted-set").since("5.0.0")
                .summary("Removes and returns the member with the lowest score of the first non-empty sorted set,"
                        + " waiting for one if there is none.")
                .syntax("key [key ...] timeout:double").note(blockNote);
        add("bzpopmax", -3, MultiPop.keysThenTimeout(KeyType.ZSET, true)).flags(WRITE, NOSCRIPT, FAST, BLOCKING)
                .keys(1, -2, 1).acl(SORTEDSET, CommandSpec.AclCategory.BLOCKING).group("sorted-set").since("5.0.0")
                .summary("Removes and returns the member with the highest score of the first non-empty sorted set,"
                        + " waiting for one if there is none.")
                .syntax("key [key ...] timeout:double").note(blockNote);
        add("zmpop", -4, MultiPop.withNumKeys(KeyType.ZSET, false)).flags(WRITE).numKeys(1).acl(SORTEDSET)
                .group("sorted-set").since("7.0.0")
                .summary("Removes and returns the members with the lowest or highest scores of the first non-empty"
                        + " sorted set.")
                .syntax("numkeys key [key ...] <where: MIN | MAX> [COUNT count:integer]").note(scores);
        add("bzmpop", -5, MultiPop.withNumKeys(KeyType.ZSET, true)).flags(WRITE, BLOCKING).numKeys(2)
                .acl(SORTEDSET, CommandSpec.AclCategory.BLOCKING).group("sorted-set").since("7.0.0")
                .summary("Removes and returns the members with the lowest or highest scores of the first non-empty"
                        + " sorted set, waiting for one if there is none.")
                .syntax("timeout:double numkeys key [key ...] <where: MIN | MAX> [COUNT count:integer]").note(blockNote);
        add("zrandmember", -2, new ZRandMember()).flags(READONLY).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set")
                .since("6.2.0").summary("Returns random members of a sorted set.")
                .syntax("key [options: count [WITHSCORES]]")
                .note("Reaches members by rank: O(N) where Redis's is O(1) per member. A negative count (repeats"
                        + " allowed) may ask for at most " + ZRandMember.MAX_REPEATED + " members. " + scores + pairs);
        String algebraSyntax = "[WEIGHTS weight:double [weight:double ...]] [AGGREGATE <aggregate: SUM | MIN | MAX>]";
        add("zunionstore", -4, new ZSetOp(SetOperation.Op.UNION, ZSetOp.Output.STORE)).flags(WRITE, DENYOOM)
                .keys(1, 1, 1).numKeys(2).acl(SORTEDSET).group("sorted-set").since("2.0.0")
                .summary("Stores the union of sorted sets (and sets) in a key.")
                .syntax("destination:key numkeys key [key ...] " + algebraSyntax);
        add("zinterstore", -4, new ZSetOp(SetOperation.Op.INTER, ZSetOp.Output.STORE)).flags(WRITE, DENYOOM)
                .keys(1, 1, 1).numKeys(2).acl(SORTEDSET).group("sorted-set").since("2.0.0")
                .summary("Stores the intersection of sorted sets (and sets) in a key.")
                .syntax("destination:key numkeys key [key ...] " + algebraSyntax);
        add("zdiffstore", -4, new ZSetOp(SetOperation.Op.DIFF, ZSetOp.Output.STORE)).flags(WRITE, DENYOOM)
                .keys(1, 1, 1).numKeys(2).acl(SORTEDSET).group("sorted-set").since("6.2.0")
                .summary("Stores the members of the first sorted set (or set) that are in none of the others in a key.")
                .syntax("destination:key numkeys key [key ...]");
        add("zunion", -3, new ZSetOp(SetOperation.Op.UNION, ZSetOp.Output.REPLY)).flags(READONLY).numKeys(1)
                .acl(SORTEDSET).group("sorted-set").since("6.2.0")
                .summary("Returns the union of sorted sets (and sets).")
                .syntax("numkeys key [key ...] " + algebraSyntax + " [WITHSCORES]").note(scores + pairs);
        add("zinter", -3, new ZSetOp(SetOperation.Op.INTER, ZSetOp.Output.REPLY)).flags(READONLY).numKeys(1)
                .acl(SORTEDSET).group("sorted-set").since("6.2.0")
                .summary("Returns the intersection of sorted sets (and sets).")
                .syntax("numkeys key [key ...] " + algebraSyntax + " [WITHSCORES]").note(scores + pairs);
        add("zdiff", -3, new ZSetOp(SetOperation.Op.DIFF, ZSetOp.Output.REPLY)).flags(READONLY).numKeys(1)
                .acl(SORTEDSET).group("sorted-set").since("6.2.0")
                .summary("Returns the members of the first sorted set (or set) that are in none of the others.")
                .syntax("numkeys key [key ...] [WITHSCORES]").note(scores + pairs);
        add("zintercard", -3, new ZSetOp(SetOperation.Op.INTER, ZSetOp.Output.CARDINALITY)).flags(READONLY)
                .numKeys(1).acl(SORTEDSET).group("sorted-set").since("7.0.0")
                .summary("Returns the size of the intersection of sorted sets (and sets), counting up to a limit.")
                .syntax("numkeys key [key ...] [LIMIT limit:integer]");
        add("zscan", -3, new ZScan()).flags(READONLY).keys(1, 1, 1).acl(SORTEDSET).group("sorted-set").since("2.8.0")
                .summary("Iterates over the members of a sorted set, with their scores.")
                .syntax("key cursor [MATCH pattern] [COUNT count]")
                .note("A set of up to " + ZScan.WHOLE + " members comes back whole, in score order, whatever the cursor"
                        + " and COUNT, its scores printed as Redis keeps them in its compact encoding (whole numbers as"
                        + " integers), as Redis 7.0 does for such sets (`zset-max-listpack-entries`, not configurable"
                        + " here); a larger one is scanned in member order, each member present throughout returned once,"
                        + " scores printed with `%.17g`.");
    }

    /** Lua scripts (EVAL, EVALSHA, SCRIPT): atomic, calling commands through the server. */
    private void scripting(ServerContext server) {
        Scripting scripting = new Scripting(server, this);
        String evalSyntax = "script:string numkeys:integer [key [key ...]] [arg [arg ...]]";
        String evalShaSyntax = "sha1:string numkeys:integer [key [key ...]] [arg [arg ...]]";
        add("eval", -3, scripting.eval(false, false)).flags(NOSCRIPT, STALE, NO_MANDATORY_KEYS).numKeys(2).acl(SCRIPTING).group("scripting")
                .since("2.6.0").summary("Runs a Lua script on the server, atomically.").syntax(evalSyntax)
                .note(Scripting.NOTE);
        add("evalsha", -3, scripting.eval(true, false)).flags(NOSCRIPT, STALE, NO_MANDATORY_KEYS).numKeys(2).acl(SCRIPTING).group("scripting")
                .since("2.6.0").summary("Runs a cached Lua script by its SHA1 digest.").syntax(evalShaSyntax)
                .note("As EVAL.");
        add("eval_ro", -3, scripting.eval(false, true)).flags(READONLY, NOSCRIPT, STALE, NO_MANDATORY_KEYS).numKeys(2).acl(SCRIPTING)
                .group("scripting").since("7.0.0").summary("Runs a Lua script that may not write.").syntax(evalSyntax)
                .note("As EVAL.");
        add("evalsha_ro", -3, scripting.eval(true, true)).flags(READONLY, NOSCRIPT, STALE, NO_MANDATORY_KEYS).numKeys(2).acl(SCRIPTING)
                .group("scripting").since("7.0.0").summary("Runs a cached Lua script that may not write.")
                .syntax(evalShaSyntax).note("As EVAL.");
        add("script", -2, null).group("scripting").since("2.6.0")
                .summary("A container for the Lua script cache commands.").syntax("")
                .note("SCRIPT DEBUG replies an unknown-subcommand error: there is no Lua debugger.")
                .sub(subcommand("load", 3, scripting::scriptLoad).flags(NOSCRIPT, STALE).acl(SCRIPTING).since("2.6.0")
                        .summary("Compiles a script and caches it; replies its SHA1 digest.").syntax("script:string"))
                .sub(subcommand("exists", -3, scripting::scriptExists).flags(NOSCRIPT).acl(SCRIPTING).since("2.6.0")
                        .summary("Tells, for each SHA1 digest, whether its script is cached.")
                        .syntax("sha1:string [sha1:string ...]"))
                .sub(subcommand("flush", -2, scripting::scriptFlush).flags(NOSCRIPT).acl(SCRIPTING).since("2.6.0")
                        .summary("Empties the script cache.").syntax("[flush-type: ASYNC | SYNC]")
                        .note("ASYNC empties the cache at once, as SYNC does."))
                .sub(subcommand("kill", 2, scripting::scriptKill).flags(NOSCRIPT, ALLOW_BUSY).acl(SCRIPTING)
                        .since("2.6.0").summary("Stops the running script: replies NOTBUSY, as none is ever running.")
                        .syntax("")
                        .note("Scripts run while other clients wait, and are stopped by `simpleredis.lua-time-limit`,"
                                + " so no script is running when SCRIPT KILL runs."))
                .sub(subcommand("help", 2, scripting::scriptHelp).flags(LOADING, STALE).acl(SCRIPTING).since("5.0.0")
                        .summary("Describes the subcommands.").syntax(""));
    }

    private void transactions(ServerContext server) {
        add("multi", 1, new Multi()).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).group("transactions")
                .since("1.2.0").summary("Starts a transaction: the commands that follow are queued until EXEC.")
                .syntax("");
        add("exec", 1, new Exec(server)).flags(NOSCRIPT, LOADING, STALE).group("transactions").since("1.2.0")
                .summary("Runs the queued commands of a transaction, atomically.").syntax("")
                .note("The commands' writes reach the store as one atomic batch: a crash during EXEC leaves all"
                        + " of them or none.");
        add("discard", 1, new Discard(server)).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                .group("transactions").since("2.0.0")
                .summary("Drops the queued commands of a transaction.").syntax("");
        add("watch", -2, new Watch(server, false)).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                .keys(1, -1, 1).group("transactions").since("2.2.0")
                .summary("Makes the next EXEC fail if any of the keys is written or expires before it.")
                .syntax("key [key ...]");
        add("unwatch", 1, new Watch(server, true)).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                .group("transactions").since("2.2.0").summary("Forgets the keys WATCHed.").syntax("");
    }

    private void connection(ServerContext server) {
        add("ping", -1, new Ping()).flags(FAST).group("connection").since("1.0.0")
                .summary("Replies PONG, or the message given.").syntax("[message]");
        add("echo", 2, new Echo()).flags(LOADING, STALE, FAST).group("connection").since("1.0.0")
                .summary("Replies the message given.").syntax("message");
        add("quit", -1, new Quit()).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY).group("connection")
                .since("1.0.0").summary("Replies OK and closes the connection.").syntax("");
        add("hello", -1, new Hello(server)).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                .group("connection").since("6.0.0")
                .summary("Switches the connection to Redis replies in RESP2 or RESP3, optionally authenticating"
                        + " and naming it.")
                .syntax("[arguments: protover [AUTH username password] [SETNAME clientname]]")
                .note("Also ends the seed dialect: after any HELLO the connection gets Redis's replies. The"
                        + " reported `version` is the Redis version simpleredis is compatible with ("
                        + Hello.REDIS_VERSION + "); INFO has simpleredis's own.");
        add("auth", -2, new Auth(server)).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                .group("connection").since("1.0.0")
                .summary("Authenticates the connection with the password set by `simpleredis.requirepass`.")
                .syntax("[username] password")
                .note("There are no ACL users: the only user is `default`, and its password is requirepass.");
        add("reset", 1, new Reset(server)).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                .group("connection").since("6.2.0")
                .summary("Resets the connection: database 0, default protocol, no name, unauthenticated.")
                .syntax("")
                .note("The protocol goes back to the server's default (`simpleredis.protocol`: the seed dialect"
                        + " unless set), where Redis goes back to RESP2.");
        Client client = new Client(server);
        add("client", -2, null).group("connection").since("2.4.0")
                .summary("A container for the connection commands.").syntax("")
                .note("Subcommands not listed (TRACKING, CACHING, PAUSE, UNPAUSE, UNBLOCK, TRACKINGINFO)"
                        + " reply an unknown-subcommand error.")
                .sub(clientSubcommand("id", 2, client::id).since("5.0.0")
                        .summary("Returns the id of the connection.").syntax(""))
                .sub(clientSubcommand("setname", 3, client::setName).since("2.6.9")
                        .summary("Names the connection.").syntax("connection-name"))
                .sub(clientSubcommand("getname", 2, client::getName).since("2.6.9")
                        .summary("Returns the name of the connection, or null.").syntax(""))
                .sub(clientSubcommand("list", -2, client::list).flags(ADMIN).since("2.4.0")
                        .summary("Describes the open connections, one per line.")
                        .syntax("[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]")
                        .note(Client.LIST_NOTE))
                .sub(clientSubcommand("info", 2, client::info).since("6.2.0")
                        .summary("Describes this connection as CLIENT LIST does.").syntax("")
                        .note(Client.LIST_NOTE))
                .sub(clientSubcommand("kill", -3, client::kill).flags(ADMIN).since("2.4.0")
                        .summary("Closes connections chosen by address, id, type or user.")
                        .syntax("<filter: ip:port | [ID client-id] [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>]"
                                + " [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME <YES | NO>]>"))
                .sub(clientSubcommand("setinfo", 4, client::setInfo).since("7.2.0")
                        .summary("Records the client library's name or version.")
                        .syntax("<attr: LIB-NAME libname | LIB-VER libver>"))
                .sub(clientSubcommand("no-evict", 3, client::noEvict).flags(ADMIN).since("7.0.0")
                        .summary("Protects the connection from client eviction.").syntax("<ON | OFF>")
                        .note("Accepted and shown in CLIENT LIST's flags; clients are never evicted anyway."))
                .sub(clientSubcommand("no-touch", 3, client::noTouch).since("7.2.0")
                        .summary("Keeps the connection's commands from touching keys' access times.")
                        .syntax("<ON | OFF>")
                        .note("Accepted and shown in CLIENT LIST's flags; no access times are kept anyway."))
                .sub(clientSubcommand("reply", 3, client::reply).since("3.2.0")
                        .summary("Turns the replies to this connection off, on, or off for the next command.")
                        .syntax("<ON | OFF | SKIP>"))
                .sub(clientSubcommand("getredir", 2, client::getRedir).since("6.0.0")
                        .summary("Returns the client-side caching redirection: always -1, as there is no tracking.")
                        .syntax(""))
                .sub(subcommand("help", 2, client::help).flags(LOADING, STALE).since("5.0.0")
                        .summary("Describes the subcommands.").syntax(""));
    }

    private void server(ServerContext server) {
        CommandInfo info = new CommandInfo(this);
        add("command", -1, info::all).flags(LOADING, STALE).acl(CONNECTION).group("server").since("2.8.13")
                .summary("Describes every command (COMMAND INFO without names).").syntax("")
                .note(CommandInfo.NOTE)
                .sub(subcommand("count", 2, info::count).flags(LOADING, STALE).acl(CONNECTION).since("2.8.13")
                        .summary("Returns the number of commands.").syntax(""))
                .sub(subcommand("info", -2, info::info).flags(LOADING, STALE).acl(CONNECTION).since("2.8.13")
                        .summary("Describes the commands named, or every command.")
                        .syntax("[command-name [command-name ...]]").note(CommandInfo.NOTE))
                .sub(subcommand("docs", -2, info::docs).flags(LOADING, STALE).acl(CONNECTION).since("7.0.0")
                        .summary("Documents the commands named, or every command.")
                        .syntax("[command-name [command-name ...]]")
                        .note("Gives summary, since, group and arguments (and subcommands); no complexity or"
                                + " history."))
                .sub(subcommand("list", -2, info::list).flags(LOADING, STALE).acl(CONNECTION).since("7.0.0")
                        .summary("Returns the names of the commands, optionally filtered.")
                        .syntax("[FILTERBY <filter: MODULE module-name | ACLCAT category | PATTERN pattern>]"))
                .sub(subcommand("getkeys", -4, info::getKeys).flags(LOADING, STALE).acl(CONNECTION).since("2.8.13")
                        .summary("Returns the key arguments of a command line.").syntax("command arg [arg ...]"))
                .sub(subcommand("help", 2, info::help).flags(LOADING, STALE).acl(CONNECTION).since("5.0.0")
                        .summary("Describes the subcommands.").syntax(""));
        add("info", -1, new Info(server)).flags(LOADING, STALE).acl(DANGEROUS).group("server").since("1.0.0")
                .summary("Reports the server's state and statistics, by section.")
                .syntax("[section [section ...]]").note(Info.NOTE);
        Config config = new Config(server);
        add("config", -2, null).group("server").since("2.0.0")
                .summary("A container for the configuration commands.").syntax("")
                .sub(subcommand("get", -3, config::get).flags(ADMIN, NOSCRIPT, LOADING, STALE).since("2.0.0")
                        .summary("Returns the settings that match glob patterns, with their values.")
                        .syntax("parameter [parameter ...]").note(Config.GET_NOTE))
                .sub(subcommand("set", -4, config::set).flags(ADMIN, NOSCRIPT, LOADING, STALE).since("2.0.0")
                        .summary("Changes settings at run time.").syntax("parameter value [parameter value ...]")
                        .note(Config.SET_NOTE))
                .sub(subcommand("resetstat", 2, config::resetStat).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .since("2.0.0").summary("Resets the statistics INFO reports.").syntax(""))
                .sub(subcommand("rewrite", 2, config::rewrite).flags(ADMIN, NOSCRIPT, LOADING, STALE).since("2.8.0")
                        .summary("Would rewrite the configuration file: there is none.").syntax("")
                        .note("Always an error: settings come from `-Dsimpleredis.*` options, not a file."))
                .sub(subcommand("help", 2, config::help).flags(LOADING, STALE).since("5.0.0")
                        .summary("Describes the subcommands.").syntax(""));
        add("time", 1, new Time()).flags(LOADING, STALE, FAST).group("server").since("2.6.0")
                .summary("Returns the server's clock as seconds and microseconds.").syntax("");
        add("bgrewriteaof", 1, new BgRewriteAof()).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING).group("server")
                .since("1.0.0").summary("Starts compacting the storage engine's log in the background.").syntax("")
                .note("Asks the storage engine to compact (the memory engine rewrites its append-only log); an"
                        + " error when the engine keeps no log.");
        add("shutdown", -1, new Shutdown(server)).flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
                .group("server").since("1.0.0")
                .summary("Stops the server cleanly: closes connections, flushes and closes the store.")
                .syntax("[save-selector: NOSAVE | SAVE] [NOW] [FORCE] [ABORT]")
                .note("The store is always flushed and closed, so NOSAVE does not drop acknowledged writes;"
                        + " NOW and FORCE are accepted (there is no replica wait or save to fail); ABORT replies"
                        + " that no shutdown is in progress.");
    }

    private Builder add(String name, int arity, Command command) {
        Builder b = new Builder(name, arity, command);
        pending.add(b);
        return b;
    }

    private static Builder subcommand(String name, int arity, Command command) {
        return new Builder(name, arity, command);
    }

    /** A CLIENT subcommand: Redis flags them all {@code noscript loading stale}. */
    private static Builder clientSubcommand(String name, int arity, Command command) {
        return subcommand(name, arity, command).flags(NOSCRIPT, LOADING, STALE);
    }

    /** The top-level commands, in table order. */
    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** A command or subcommand by name ({@code get}, {@code client|kill}), ignoring case; null if unknown. */
    public CommandSpec find(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            return byName.get(lower);
        }
        CommandSpec container = byName.get(lower.substring(0, bar));
        return container == null ? null : container.subcommands().get(lower.substring(bar + 1));
    }

    /**
     * The entry for a request, after checking its shape, name and arity; for a container such as
     * CLIENT, the subcommand's entry.
     *
     * @throws CommandException with Redis's reply text when the request cannot run
     */
    public CommandSpec lookup(Request request) {
        if (!(request.value(0) instanceof Value.Bulk || request.value(0) instanceof Value.Simple)) {
            throw new CommandException("ERR command name must be a string");
        }
        CommandSpec spec = index.find(request.bytes(0));
        if (spec == null) {
            throw new CommandException(unknown(request));
        }
        if (spec.isContainer() && request.size() >= 2) {
            Value arg = request.value(1);
            CommandSpec subSpec = arg instanceof Value.Bulk || arg instanceof Value.Simple
                    ? spec.subcommands().get(request.text(1).toLowerCase(Locale.ROOT)) : null;
            if (subSpec == null) {
                throw new CommandException("ERR unknown subcommand '" + printable(request.value(1), 128)
                        + "'. Try " + spec.name().toUpperCase(Locale.ROOT) + " HELP.");
            }
            spec = subSpec;
        }
        if (!spec.arityMatches(request.size()) || spec.command() == null) {
            throw new CommandException("ERR wrong number of arguments for '" + spec.name() + "' command");
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
    static String printable(Value v, int max) {
        String text = v instanceof Value.Bulk b ? new String(b.bytes(), StandardCharsets.UTF_8) : String.valueOf(v);
        text = text.replaceAll("[\\r\\n]", " ");
        return text.length() > Math.max(max, 0) ? text.substring(0, Math.max(max, 0)) : text;
    }
}

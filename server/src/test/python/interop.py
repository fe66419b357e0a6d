#!/usr/bin/python3
"""redis-py (Debian's python3-redis) against a Redis-compatible server on 127.0.0.1.

Usage: /usr/bin/python3 interop.py PORT

Run by RedisPyInteropTest against the real Redis and simpleredis on every engine; each check
asserts an exact reply or error text. Exits 0 and prints "interop.py: N checks passed" when
all pass; an assertion error (with a traceback) and exit 1 otherwise. The database is flushed.
"""
import sys

import redis

checks = 0


def eq(actual, expected, what=""):
    global checks
    assert actual == expected, "%s: expected %r, got %r" % (what, expected, actual)
    checks += 1


def error(call, expected, what=""):
    global checks
    try:
        call()
    except redis.exceptions.ResponseError as e:
        assert str(e) == expected, "%s: expected error %r, got %r" % (what, expected, str(e))
        checks += 1
        return
    raise AssertionError("%s: expected error %r, got no error" % (what, expected))


def about(actual, expected, tolerance, what=""):
    global checks
    assert abs(actual - expected) <= tolerance, "%s: expected about %r, got %r" % (what, expected, actual)
    checks += 1


def main(port):
    r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, socket_timeout=20)
    eq(r.ping(), True, "PING")
    eq(r.flushall(), True, "FLUSHALL")

    # strings
    eq(r.set("k", "v"), True, "SET")
    eq(r.get("k"), "v", "GET")
    eq(r.get("nokey"), None, "GET missing")
    eq(r.set("k", "w", nx=True), None, "SET NX on an existing key")
    eq(r.set("nokey", "w", xx=True), None, "SET XX on a missing key")
    eq(r.set("k", "w", xx=True), True, "SET XX")
    eq(r.set("k", "x", get=True), "w", "SET GET")
    error(lambda: r.execute_command("SET", "k", "v", "NX", "XX"), "syntax error", "SET NX XX")
    error(lambda: r.set("k", "v", ex=0), "invalid expire time in 'set' command", "SET EX 0")
    eq(r.set("e", "v", ex=100), True, "SET EX")
    about(r.ttl("e"), 100, 1, "TTL after SET EX")
    eq(r.set("e", "v", px=100000), True, "SET PX")
    about(r.pttl("e"), 100000, 1000, "PTTL after SET PX")
    eq(r.set("e", "v2", keepttl=True), True, "SET KEEPTTL")
    about(r.pttl("e"), 100000, 1000, "PTTL after KEEPTTL")
    eq(r.setnx("n1", "1"), True, "SETNX")
    eq(r.setnx("n1", "2"), False, "SETNX existing")
    eq(r.setex("sx", 100, "v"), True, "SETEX")
    error(lambda: r.setex("sx", 0, "v"), "invalid expire time in 'setex' command", "SETEX 0")
    eq(r.getset("sx", "w"), "v", "GETSET")
    eq(r.ttl("sx"), -1, "GETSET clears the TTL")
    eq(r.getdel("sx"), "w", "GETDEL")
    eq(r.getdel("sx"), None, "GETDEL missing")
    eq(r.getex("k", ex=50), "x", "GETEX EX")
    about(r.ttl("k"), 50, 1, "TTL after GETEX")
    eq(r.getex("k", persist=True), "x", "GETEX PERSIST")
    eq(r.ttl("k"), -1, "TTL after PERSIST")
    eq(r.append("s", "Hello"), 5, "APPEND new")
    eq(r.append("s", " World"), 11, "APPEND")
    eq(r.strlen("s"), 11, "STRLEN")
    eq(r.strlen("nokey"), 0, "STRLEN missing")
    eq(r.getrange("s", 0, 4), "Hello", "GETRANGE")
    eq(r.getrange("s", -5, -1), "World", "GETRANGE negative")
    eq(r.getrange("s", 5, 3), "", "GETRANGE start > end")
    eq(r.getrange("nokey", 0, -1), "", "GETRANGE missing")
    eq(r.setrange("s", 6, "Redis"), 11, "SETRANGE")
    eq(r.get("s"), "Hello Redis", "after SETRANGE")
    error(lambda: r.setrange("s", -1, "x"), "offset is out of range", "SETRANGE negative")

    # multi-key
    eq(r.mset({"a": "1", "b": "2", "c": "3"}), True, "MSET")
    eq(r.mget("a", "nokey", "b", "c"), ["1", None, "2", "3"], "MGET")
    eq(r.mget(["a", "a"]), ["1", "1"], "MGET repeated")
    eq(r.msetnx({"a": "9", "z": "9"}), False, "MSETNX with an existing key")
    eq(r.get("z"), None, "MSETNX set nothing")
    eq(r.msetnx({"y": "1", "z": "2"}), True, "MSETNX")
    eq(r.exists("a", "b", "nokey", "a"), 3, "EXISTS counts repeats")
    eq(r.exists("nokey"), 0, "EXISTS missing")
    eq(r.delete("a", "nokey"), 1, "DEL")
    eq(r.delete("a"), 0, "DEL again")
    eq(r.unlink("b"), 1, "UNLINK")
    eq(r.touch("c", "nokey"), 1, "TOUCH")
    eq(r.type("c"), "string", "TYPE")
    eq(r.type("nokey"), "none", "TYPE missing")

    # counters
    eq(r.incr("n"), 1, "INCR")
    eq(r.incr("n", 10), 11, "INCRBY")
    eq(r.decr("n"), 10, "DECR")
    eq(r.decr("n", 5), 5, "DECRBY")
    eq(r.incrbyfloat("n", 1.5), 6.5, "INCRBYFLOAT")
    eq(r.get("n"), "6.5", "INCRBYFLOAT stored text")
    r.set("txt", "abc")
    error(lambda: r.incr("txt"), "value is not an integer or out of range", "INCR on a non-integer")
    error(lambda: r.incrbyfloat("txt", 1), "value is not a valid float", "INCRBYFLOAT on a non-number")
    r.set("big", str(2 ** 63 - 1))
    error(lambda: r.incr("big"), "increment or decrement would overflow", "INCR overflow")

    # expiry
    r.set("t", "v")
    eq(r.ttl("t"), -1, "TTL without expiry")
    eq(r.ttl("nokey"), -2, "TTL missing")
    eq(r.pttl("nokey"), -2, "PTTL missing")
    eq(r.expire("t", 100), True, "EXPIRE")
    about(r.ttl("t"), 100, 1, "TTL")
    eq(r.expire("t", 100, nx=True), False, "EXPIRE NX with a TTL")
    eq(r.expire("t", 200, gt=True), True, "EXPIRE GT")
    eq(r.pexpire("t", 50000), True, "PEXPIRE")
    about(r.pttl("t"), 50000, 1000, "PTTL")
    eq(r.expireat("t", 4102444800), True, "EXPIREAT")
    eq(r.expiretime("t"), 4102444800, "EXPIRETIME")
    eq(r.persist("t"), True, "PERSIST")
    eq(r.persist("t"), False, "PERSIST without a TTL")
    eq(r.expire("t", -1), True, "EXPIRE negative deletes")
    eq(r.exists("t"), 0, "gone after a negative EXPIRE")
    eq(r.expire("nokey", 10), False, "EXPIRE missing")

    # keys, rename, databases
    eq(r.rename("c", "c"), True, "RENAME onto itself")
    error(lambda: r.rename("nokey", "x"), "no such key", "RENAME missing")
    eq(r.rename("c", "c2"), True, "RENAME")
    eq(r.renamenx("c2", "y"), False, "RENAMENX onto an existing key")
    eq(r.copy("c2", "c3"), True, "COPY")
    eq(r.copy("c2", "c3"), False, "COPY onto an existing key")
    eq(r.copy("c2", "c3", replace=True), True, "COPY REPLACE")
    eq(sorted(r.keys("c*")), ["c2", "c3"], "KEYS")
    eq(r.move("c3", 1), True, "MOVE")
    r1 = redis.Redis(host="127.0.0.1", port=port, db=1, decode_responses=True, socket_timeout=20)
    eq(r1.get("c3"), "3", "GET in db 1 (redis-py sends SELECT)")
    eq(r1.dbsize(), 1, "DBSIZE db 1")
    error(lambda: r.execute_command("SELECT", "16"), "DB index is out of range", "SELECT 16")
    r1.close()

    # pipeline without a transaction: replies in order, errors in place
    p = r.pipeline(transaction=False)
    p.set("p1", "1").incr("p1").get("p1").incr("txt").mget("p1", "nokey").ttl("p1").delete("p1").exists("p1")
    replies = p.execute(raise_on_error=False)
    eq(replies[:3], [True, 2, "2"], "pipeline replies")
    assert isinstance(replies[3], redis.exceptions.ResponseError), replies[3]
    eq(str(replies[3]), "value is not an integer or out of range", "pipeline error in place")
    eq(replies[4:], [["2", None], -1, 1, 0], "pipeline replies after the error")
    p = r.pipeline(transaction=False)
    for i in range(1000):
        p.set("scan:%d" % i, i)
    eq(p.execute(), [True] * 1000, "1000 pipelined SETs")

    # scan_iter over every key, with MATCH and COUNT
    seen = set(r.scan_iter(match="scan:*", count=50))
    eq(seen, set("scan:%d" % i for i in range(1000)), "SCAN every key")
    eq(set(r.scan_iter(match="scan:99*", count=1000)), {"scan:99"} | set("scan:99%d" % i for i in range(10)),
       "SCAN MATCH")
    eq(list(r.scan_iter(match="nothing:*")), [], "SCAN no match")
    eq(set(r.scan_iter(match="scan:1", _type="string")), {"scan:1"}, "SCAN TYPE")
    eq(r.dbsize(), len(r.keys("*")), "DBSIZE")

    error(lambda: r.execute_command("NOSUCH", "x"), "unknown command 'NOSUCH', with args beginning with: 'x' ",
          "unknown command")
    eq(r.echo("hi"), "hi", "ECHO")
    eq(r.flushdb(), True, "FLUSHDB")
    eq(r.dbsize(), 0, "empty after FLUSHDB")
    r.close()
    print("interop.py: %d checks passed" % checks)


if __name__ == "__main__":
    main(int(sys.argv[1]))

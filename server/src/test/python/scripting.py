#!/usr/bin/python3
"""Transactions and Lua scripts through redis-py (Debian's python3-redis), unchanged.

Usage: /usr/bin/python3 scripting.py PORT

Run by RedisPyScriptingTest against the real Redis and simpleredis on every engine: a
transactional pipeline with WATCH (the optimistic-locking loop redis-py documents), and scripts
from register_script, which sends EVALSHA and, on NOSCRIPT, loads the script and sends it again.
Exits 0 and prints "scripting.py: N checks passed" when all pass. The server is flushed.
"""
import hashlib
import sys

import redis

checks = 0


def eq(actual, expected, what=""):
    global checks
    assert actual == expected, "%s: expected %r, got %r" % (what, expected, actual)
    checks += 1


def error(call, kind, expected, what=""):
    global checks
    try:
        call()
    except kind as e:
        assert str(e) == expected, "%s: expected error %r, got %r" % (what, expected, str(e))
        checks += 1
        return
    raise AssertionError("%s: expected %s %r, got no error" % (what, kind.__name__, expected))


def transactions(r, other):
    r.set("balance", 100)

    def withdraw(pipe):
        balance = int(pipe.get("balance"))
        pipe.multi()
        pipe.set("balance", balance - 30)
        pipe.incr("withdrawals")

    # redis-py's own retry loop: WATCH, read, MULTI, queue, EXEC
    eq(r.transaction(withdraw, "balance"), [True, 1], "transaction()")
    eq(r.get("balance"), "70", "balance after the transaction")

    with r.pipeline(transaction=True) as pipe:
        pipe.watch("balance")
        eq(pipe.get("balance"), "70", "read while watching")
        pipe.multi()
        pipe.incr("balance")
        pipe.incr("withdrawals")
        eq(pipe.execute(), [71, 2], "EXEC with nothing changed")

    with r.pipeline(transaction=True) as pipe:
        pipe.watch("balance")
        other.set("balance", 0)  # another client changes the watched key
        pipe.multi()
        pipe.incr("balance")
        error(pipe.execute, redis.exceptions.WatchError, "Watched variable changed.", "EXEC after a watched write")
    eq(r.get("balance"), "0", "the transaction changed nothing")

    r.set("word", "abc")
    with r.pipeline(transaction=True) as pipe:
        pipe.set("a", "1")
        pipe.incr("a")
        pipe.incr("word")  # fails at run time: the others still apply, as in Redis
        pipe.get("a")
        results = pipe.execute(raise_on_error=False)
        eq(results[:2], [True, 2], "commands before the failing one")
        eq(type(results[2]), redis.exceptions.ResponseError, "the failing command's reply")
        eq(results[3], "2", "the command after it")


def scripts(r):
    r.script_flush()
    incr_by = r.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
    eq(r.script_exists(incr_by.sha), [False], "not cached before the first call")
    eq(incr_by(keys=["n"], args=[5]), 5, "first call: EVALSHA, NOSCRIPT, load, EVALSHA")
    eq(r.script_exists(incr_by.sha), [True], "cached after the first call")
    eq(incr_by(keys=["n"], args=[2]), 7, "second call: EVALSHA")
    r.script_flush()
    eq(incr_by(keys=["n"], args=[1]), 8, "after SCRIPT FLUSH: NOSCRIPT again, then loaded")

    pair = r.register_script("return {KEYS[1], ARGV[1], redis.call('GET', KEYS[1]), {ok = 'fine'}}")
    eq(pair(keys=["n"], args=["arg"]), ["n", "arg", "8", "fine"], "table reply with a status inside")

    r.script_flush()
    with r.pipeline(transaction=True) as pipe:
        incr_by(keys=["n"], args=[10], client=pipe)  # the pipeline loads the script before MULTI
        pipe.get("n")
        eq(pipe.execute(), [18, "18"], "a script inside MULTI/EXEC")

    eq(r.evalsha(r.script_load("return 'loaded'"), 0), "loaded", "SCRIPT LOAD then EVALSHA")
    error(lambda: r.evalsha("0" * 40, 0), redis.exceptions.NoScriptError, "No matching script. Please use EVAL.",
          "EVALSHA of an unknown script")
    r.set("text", "abc")
    failing = "return redis.call('INCR', KEYS[1])"
    error(lambda: r.eval(failing, 1, "text"), redis.exceptions.ResponseError,
          "value is not an integer or out of range script: %s, on @user_script:1."
          % hashlib.sha1(failing.encode()).hexdigest(), "a command error raised by redis.call")
    eq(r.eval("return redis.pcall('INCR', KEYS[1])['err']", 1, "text"),
       "ERR value is not an integer or out of range", "redis.pcall returns the error")
    error(lambda: r.eval("return redis.error_reply('MINE wrong')", 0), redis.exceptions.ResponseError, "MINE wrong",
          "redis.error_reply")


def main(port):
    r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, socket_timeout=20)
    other = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, socket_timeout=20)
    eq(r.flushall(), True, "FLUSHALL")
    transactions(r, other)
    scripts(r)
    r.close()
    other.close()
    print("scripting.py: %d checks passed" % checks)


if __name__ == "__main__":
    main(int(sys.argv[1]))

package dev.simpleredis.server.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The set commands scripted against a real redis-server and simpleredis on each engine, replies
 * compared frame by frame, in RESP2 and RESP3: every command with its edge cases and error texts.
 * Replies of several members are compared sorted (Redis's order is its own). Random replies are
 * checked in {@link HashesSetsInteropTest}, except where they are certain (a count of at least
 * the set's size).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#engines")
@Timeout(120)
class SetsDifferentialTest extends DifferentialScripts {

    @Test
    void addRemoveAndQuery() {
        check("""
                sadd s a b c
                sadd s a d a
                sadd s a
                scard s
                scard nokey
                smembers s ## sorted
                smembers nokey
                sismember s a
                sismember s z
                sismember nokey a
                smismember s a z b a
                smismember nokey a b
                srem s a z a
                srem s z
                srem nokey a
                scard s
                srem s b c d
                exists s
                type s
                smembers s
                sadd s "" "a b" "x\\0y" 10 9 -1
                sismember s ""
                sismember s "x\\0y"
                smembers s ## sorted
                scard s
                sadd ints 3 1 2 100 -5
                smembers ints ## sorted
                sadd ints x
                smembers ints ## sorted
                srem ints 1 2 3 100 -5 x
                exists ints
                """);
    }

    @Test
    void arityAndWrongType() {
        check("""
                set str v
                hset h f v
                sadd str a
                srem str a
                smembers str
                sismember str a
                smismember str a
                scard str
                spop str
                spop str 1
                srandmember str
                srandmember str 1
                smove str s a
                sinter str
                sunion str
                sdiff str
                sinterstore d str
                sunionstore d str
                sdiffstore d str
                sintercard 1 str
                sscan str 0
                sadd h a
                smembers h
                sadd s a
                get s
                hget s f
                incr s
                sadd
                sadd s
                srem s
                smembers
                smembers s t
                sismember s
                sismember s a b
                smismember s
                scard
                scard s t
                spop
                spop s 1 2
                srandmember
                srandmember s 1 2
                smove s t
                smove s t a b
                sinter
                sunion
                sdiff
                sinterstore d
                sunionstore d
                sdiffstore d
                sintercard 1
                sscan s
                """);
    }

    @Test
    void popAndRandomMemberWithDeterministicReplies() {
        check("""
                sadd s a b c
                srandmember nokey
                srandmember nokey 3
                srandmember nokey -3
                srandmember nokey 0
                srandmember s 0
                srandmember s 3 ## sorted
                srandmember s 100 ## sorted
                srandmember s x
                srandmember s 1.5
                srandmember s -9223372036854775808
                srandmember nokey -9223372036854775808
                srandmember s 9223372036854775807 ## sorted
                scard s
                spop nokey
                spop nokey 3
                spop nokey 0
                spop s 0
                spop s -1
                spop nokey -1
                spop s x
                spop s 100 ## sorted
                exists s
                sadd one m
                srandmember one
                srandmember one 1
                srandmember one -3
                spop one 1
                exists one
                sadd one m
                spop one
                exists one
                spop one
                sadd s a b c d e
                spop s 5 ## sorted
                exists s
                sadd s a b c d e
                expire s 1000
                spop s 2 ## type
                scard s
                ttl s ## ~1
                spop s ## type
                scard s
                srandmember s -5 ## type
                scard s
                """);
    }

    @Test
    void smove() {
        check("""
                sadd a 1 2 3
                sadd b 3 4
                smove a b 1
                smove a b 1
                smove a b 3
                smembers a ## sorted
                smembers b ## sorted
                smove a a 2
                smove a a 9
                smove nokey b 1
                smove a newset 2
                exists a
                smembers newset
                smove newset newset 2
                set str v
                smove nokey str 1
                smove str b 1
                smove b str 4
                smove b str 99
                smembers b ## sorted
                sadd c x
                expire c 1000
                smove c d x
                exists c
                ttl d
                """);
    }

    @Test
    void algebra() {
        check("""
                sadd a 1 2 3 4 x
                sadd b 2 3 5 x y
                sadd c 3 x z
                sinter a b c ## sorted
                sinter a b ## sorted
                sinter a ## sorted
                sinter a a ## sorted
                sinter a nokey
                sinter nokey a
                sunion a b c ## sorted
                sunion a nokey ## sorted
                sunion nokey
                sdiff a b c ## sorted
                sdiff a b ## sorted
                sdiff a nokey ## sorted
                sdiff nokey a
                sdiff a a
                sinterstore d a b c
                smembers d ## sorted
                sunionstore d a b
                smembers d ## sorted
                sdiffstore d a b
                smembers d ## sorted
                sinterstore d a nokey
                exists d
                sunionstore d a
                sdiffstore d a a
                exists d
                sdiffstore d nokey
                exists d
                set d v
                expire d 1000
                sinterstore d a b
                type d
                ttl d
                smembers d ## sorted
                hset d f v
                sunionstore d a
                type d
                scard d
                set d v
                sinterstore d a nokey
                exists d
                set str v
                sinter a str
                sinter nokey str
                sunion a str
                sdiff a str
                sdiff nokey str
                sinterstore d a str
                sinterstore str a b
                type str
                smembers str ## sorted
                sunionstore a a b
                smembers a ## sorted
                sinterstore b b c
                smembers b ## sorted
                sdiffstore c c b
                smembers c ## sorted
                """);
    }

    @Test
    void sintercard() {
        check("""
                sadd a 1 2 3 4 x
                sadd b 2 3 5 x y
                sadd c 3 x z
                sintercard 1 a
                sintercard 2 a b
                sintercard 3 a b c
                sintercard 2 a nokey
                sintercard 2 a b limit 0
                sintercard 2 a b limit 1
                sintercard 2 a b limit 2
                sintercard 2 a b limit 3
                sintercard 2 a b limit 100
                sintercard 2 a b LIMIT 2
                sintercard 0 a
                sintercard -1 a
                sintercard x a
                sintercard 1.5 a
                sintercard 3 a b
                sintercard 1 a limit
                sintercard 1 a limit -1
                sintercard 1 a limit x
                sintercard 1 a foo 1
                sintercard 1 a b
                sintercard 1 a limit 1 limit 2
                sintercard 2 a b limit 5 limit 1
                set str v
                sintercard 2 a str
                sintercard 2 nokey str
                sintercard 9223372036854775807 a
                """);
    }

    @Test
    void sscan() {
        check("""
                sadd s a b c d ab
                sscan s 0 count 100 ## sorted
                sscan s 0 match a* count 100 ## sorted
                sscan s 0 match z* count 100
                sscan nokey 0
                sscan nokey 0 foo
                sscan nokey x
                sscan s x
                sscan s 0 count 0
                sscan s 0 count x
                sscan s 0 match
                sscan s 0 type set
                sadd ints 1 2 3
                sscan ints 0 ## sorted
                """);
    }

    @Test
    void resp3Replies() {
        check("""
                hello 3 ## type
                sadd s a b c
                smembers s ## sorted
                smembers nokey
                sinter s s ## sorted
                sinter s nokey
                sunion s ## sorted
                sdiff s nokey ## sorted
                sdiff nokey
                smismember s a z
                srandmember s 5 ## sorted
                srandmember s 0
                srandmember nokey 5
                srandmember s -2 ## type
                srandmember s 1 ## type
                srandmember nokey
                spop nokey
                spop nokey 2
                spop s 0
                spop s 1 ## type
                sadd s a b c ## type
                spop s 5 ## sorted
                sscan nokey 0
                sintercard 1 s
                """);
    }
}

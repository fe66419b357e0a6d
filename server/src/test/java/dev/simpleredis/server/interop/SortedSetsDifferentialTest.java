package dev.simpleredis.server.interop;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sorted-set commands as scripts sent to a real redis-server and to simpleredis on each
 * engine, replies compared frame by frame: every command with its options, edge cases and error
 * texts, the scores' printed form in RESP2 and RESP3, and WRONGTYPE everywhere.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#engines")
@Timeout(120)
class SortedSetsDifferentialTest extends DifferentialScripts {

    @Test
    void zaddOptions() {
        check("""
                zadd z 1 a 2 b
                zadd z 3 a 4 c
                zrange z 0 -1 withscores
                zadd z nx 10 a 5 d
                zadd z xx 10 a 6 e
                zrange z 0 -1 withscores
                zadd z ch 11 a 11 a 2 b 7 f
                zadd z gt ch 1 a 20 b 8 g
                zadd z lt ch 100 a 1 b 9 h
                zadd z xx gt ch 50 a 0 b 5 nosuch
                zrange z 0 -1 withscores
                zadd z incr 2.5 a
                zadd z incr 2.5 newmember
                zadd z incr nx 1 a
                zadd z incr xx 1 nosuch
                zadd z incr gt -1 a
                zadd z incr lt -1 a
                zadd z incr gt 1 a
                zadd z NX CH INCR 1 q
                zadd z Ch Gt 99 a
                zadd z 1 a 1 a 2 a
                zscore z a
                zadd z ch 5 a 5 a
                zadd z xx 1 fresh
                zadd nokey xx 1 a
                exists nokey
                zadd nokey xx incr 1 a
                exists nokey
                zadd z nx xx 1 a
                zadd z xx nx 1 a
                zadd z gt nx 1 a
                zadd z lt nx 1 a
                zadd z gt lt 1 a
                zadd z gt lt incr 1 a 2 b
                zadd z incr 1 a 2 b
                zadd z incr nx xx 1 a 2 b
                zadd z nx xx 1 a 2
                zadd z 1 a 2
                zadd z 1 a x
                zadd z abc a
                zadd z 1 a abc b
                zadd z nan a
                zadd z
                zadd z 1
                zadd z nx
                zadd z foo 1 a
                zadd z inf i
                zadd z incr -inf i
                zincrby z -inf i
                zincrby z +inf i
                zscore z i
                zadd z -inf j
                zadd z incr inf j
                zrange z 0 -1 withscores
                zincrby z 1.5 k
                zincrby z -0.5 k
                zincrby nokey2 1.5 m
                zincrby z abc k
                zincrby z 1 
                zincrby z 1 a b
                zincrby z -0 newzero
                zadd z incr -0.0 newzero2
                zscore z newzero
                zincrby z 1e999 k
                zrange z 0 -1 withscores
                zcard z
                """);
    }

    @Test
    void scoresAreReadAndPrintedAsRedisDoes() {
        check("""
                zadd z 1.1 a 0.1 b 3 c 1e20 d 1e-5 e 0.0001 f 0.00001 g 123456789012345678 h 1e16 i 1e17 j
                zadd z 12345678901234567 k -1.5 l inf m -inf n +inf o infinity p -Infinity q INF r 0x10 s
                zadd z 4.9e-324 t 1.7976931348623157e308 u -0.0 v +1 w .5 x 5. y 1E3 z -.5e-3 aa 0x1p-2 ab
                zadd z 1e300 ac 2.5e-300 ad 100 ae 1e15 af 0.3 ag 2.675 ah 1e+2 ai 0X1P4 aj 0x.8 ak 1e0 al
                zadd z 9007199254740993 am 4611686018427387904 an -4611686018427387905 ao 5e18 ap
                zrange z 0 -1 withscores
                zscore z a
                zscore z b
                zscore z v
                zmscore z a b c d e f g h i j k l m n
                zincrby z 0.2 b
                zadd z incr 1e-17 c
                zrangebyscore z -inf +inf withscores
                zadd bad 1e999 x
                zadd bad -1e999 x
                zadd bad 1e-400 x
                zadd bad " 1" x
                zadd bad "1 " x
                zadd bad "" x
                zadd bad nan x
                zadd bad -nan x
                zadd bad 1.5e x
                zadd bad 1e+ x
                zadd bad 0x x
                zadd bad infinit x
                zadd bad "1\\0" x
                zadd bad 0e-400 x
                zadd bad 2e-324 x
                zadd bad 3e-324 x
                zrange bad 0 -1 withscores
                hello 3 ## type
                zrange z 0 -1 withscores
                zscore z a
                zscore z nosuch
                zmscore z a nosuch v
                zincrby z 1 a
                zadd z incr 1 a
                zadd z xx incr 1 nosuch
                zscan z 0
                """);
    }

    @Test
    void rangesByScore() {
        check("""
                zadd z 1 a 2 b 3 c 3 d 3 cc 5 e -inf ninf +inf pinf
                zrangebyscore z -inf +inf
                zrangebyscore z -inf +inf withscores
                zrangebyscore z (1 3
                zrangebyscore z 1 (3
                zrangebyscore z (1 (3
                zrangebyscore z (3 (3
                zrangebyscore z 3 3
                zrangebyscore z (3 3
                zrangebyscore z 5 1
                zrangebyscore z (-inf (+inf
                zrangebyscore z -inf -inf
                zrangebyscore z +inf +inf
                zrangebyscore z inf inf
                zrangebyscore z (inf +inf
                zrangebyscore z 1e999 inf
                zrangebyscore z ( 3
                zrangebyscore z "" 3
                zrangebyscore z " 1" 3
                zrangebyscore z 0x1 0x3
                zrangebyscore z -infinity infinity
                zrangebyscore z "2\\0junk" 3
                zrangebyscore z 1 5 limit 1 2
                zrangebyscore z 1 5 limit 1 2 withscores
                zrangebyscore z 1 5 withscores limit 0 1
                zrangebyscore z 1 5 limit 0 0
                zrangebyscore z 1 5 limit 0 -1
                zrangebyscore z 1 5 limit 0 -5
                zrangebyscore z 1 5 limit -1 2
                zrangebyscore z 1 5 limit 100 2
                zrangebyscore z 1 5 limit 5 10
                zrangebyscore z 1 5 limit 1
                zrangebyscore z 1 5 limit a 1
                zrangebyscore z 1 5 limit 1 a
                zrangebyscore z 1 5 withscores withscores
                zrangebyscore z 1 5 rev
                zrangebyscore z 1 5 byscore
                zrangebyscore z 1 5 foo
                zrangebyscore z a 5
                zrangebyscore z 1 b
                zrangebyscore z (a 5
                zrangebyscore z nan 5
                zrangebyscore z 1
                zrevrangebyscore z +inf -inf
                zrevrangebyscore z 5 1 withscores
                zrevrangebyscore z (5 (1
                zrevrangebyscore z 1 5
                zrevrangebyscore z 5 1 limit 1 2 withscores
                zrevrangebyscore z 5 1 withscores limit 1 2
                zrevrangebyscore z 3 3
                zrevrangebyscore z 5 1 rev
                zrange z (1 5 byscore
                zrange z (1 5 byscore limit 1 2 withscores
                zrange z 5 (1 byscore rev
                zrange z 5 (1 byscore rev limit 0 -5 withscores
                zrange z 5 (1 byscore rev limit -1 2
                zrange z 1 5 byscore rev
                zrange z -inf +inf byscore limit 2 3
                zrange z +inf -inf byscore rev limit 2 3 withscores
                zrange z a b byscore
                zrangebyscore nokey -inf +inf
                zrangebyscore nokey a b
                zcount z -inf +inf
                zcount z (1 3
                zcount z 3 3
                zcount z (3 3
                zcount z 5 1
                zcount z a b
                zcount z 1
                zcount nokey 0 1
                """);
    }

    @Test
    void rangesByRank() {
        check("""
                zadd z 1 a 2 b 3 c 4 d 5 e
                zrange z 0 -1
                zrange z 0 -1 withscores
                zrange z 1 3
                zrange z -2 -1
                zrange z -100 100
                zrange z -100 -4
                zrange z 3 1
                zrange z 5 10
                zrange z 0 0
                zrange z -1 -1
                zrange z 4 4 withscores
                zrange z -1 0
                zrange z 0 -1 rev
                zrange z 0 1 rev withscores
                zrange z -2 -1 rev
                zrange z 0 -1 WITHSCORES
                zrange z 0 9223372036854775807
                zrange z -9223372036854775808 9223372036854775807
                zrange z 0 -1 limit 0 1
                zrange z 0 -1 limit 0 -1
                zrange z 0 -1 limit 0
                zrange z 0 -1 bylex withscores
                zrange z 0 -1 byscore bylex
                zrange z 0 -1 bylex byscore
                zrange z 0 -1 rev rev
                zrange z 0 -1 withscores withscores
                zrange z 0 -1 foo
                zrange z a b
                zrange z 0 1.5
                zrange z 0
                zrange z
                zrange nokey 0 -1
                zrange nokey a b
                zrange nokey 0 -1 limit 0 1
                zrevrange z 0 1
                zrevrange z 0 1 withscores
                zrevrange z -2 -1
                zrevrange z 0 -1
                zrevrange z 0 1 limit 0 1
                zrevrange z 0 1 rev
                zrevrange z 0 1 byscore
                zrevrange z a 1
                zrevrange nokey 0 -1
                zadd big 5 x 5 a 5 m 5 b 5 z 1 first 9 last
                zrange big 0 -1 withscores
                zrange big -3 -2
                zrange big 2 2
                zrevrange big 2 4
                """);
    }

    @Test
    void rangesByMember() {
        check("""
                zadd z 0 a 0 b 0 c 0 d 0 e 0 f 0 g 0 "" 0 aa 0 ab
                zrangebylex z - +
                zrangebylex z [a [c
                zrangebylex z (a [c
                zrangebylex z [a (c
                zrangebylex z (a (c
                zrangebylex z [aa (b
                zrangebylex z - (c
                zrangebylex z [c +
                zrangebylex z "[" "[a"
                zrangebylex z "(" "["
                zrangebylex z [a (a
                zrangebylex z (a (a
                zrangebylex z [a [a
                zrangebylex z [c [a
                zrangebylex z + -
                zrangebylex z - -
                zrangebylex z + +
                zrangebylex z [zz +
                zrangebylex z - [0
                zrangebylex z - + limit 1 2
                zrangebylex z - + limit 0 0
                zrangebylex z - + limit -1 2
                zrangebylex z - + limit 0 -1
                zrangebylex z [b + limit 2 100
                zrangebylex z - + withscores
                zrangebylex z a b
                zrangebylex z -x +
                zrangebylex z - +x
                zrangebylex z "" +
                zrangebylex z - + limit 1
                zrangebylex z - + rev
                zrangebylex z - + bylex
                zrevrangebylex z + -
                zrevrangebylex z [c [a
                zrevrangebylex z (c (a
                zrevrangebylex z [a [c
                zrevrangebylex z + - limit 1 3
                zrevrangebylex z + (d limit 0 2
                zrevrangebylex z - +
                zrange z [b [e bylex
                zrange z [e [b bylex rev
                zrange z - + bylex limit 2 3
                zrange z + - bylex rev limit 2 3
                zrange z - + bylex withscores
                zlexcount z - +
                zlexcount z [b (e
                zlexcount z (e [b
                zlexcount z a b
                zlexcount nokey - +
                zrangebylex nokey - +
                zrangebylex nokey a b
                zadd mixed 1 b 2 a 3 d 4 c 5 e
                zrangebylex mixed - +
                zrangebylex mixed [a [c
                zrangebylex mixed [b [d
                zrangebylex mixed [c +
                zrangebylex mixed (b + limit 1 2
                zrevrangebylex mixed + -
                zrevrangebylex mixed [d [b
                zrevrangebylex mixed [c -
                zlexcount mixed [a [c
                zlexcount mixed [c +
                zadd mixed2 0 m 0 x 1 a 1 z
                zrangebylex mixed2 [n +
                zrangebylex mixed2 [a [y
                zrevrangebylex mixed2 [y [a
                zlexcount mixed2 [n +
                zremrangebylex mixed2 [n +
                zrange mixed2 0 -1
                """);
    }

    @Test
    void ranksScoresAndCounts() {
        check("""
                zadd z 1 a 2 b 3 c 3 d 5 e
                zrank z a
                zrank z c
                zrank z d
                zrank z e
                zrank z nosuch
                zrevrank z a
                zrevrank z d
                zrevrank z e
                zrevrank z nosuch
                zrank nokey a
                zrevrank nokey a
                zrank z a withscore
                zrank z
                zcard z
                zcard nokey
                zcard z z
                zscore z c
                zscore z nosuch
                zscore nokey a
                zscore z
                zmscore z a nosuch e
                zmscore nokey a b
                zmscore z
                zrem z a nosuch
                zrem z a
                zrem nokey a
                zrem z
                zrem z b b c
                zcard z
                zrem z d e
                exists z
                type z
                zcard z
                """);
    }

    @Test
    void removingRanges() {
        check("""
                zadd z 1 a 2 b 3 c 4 d 5 e 6 f
                zremrangebyrank z 0 0
                zrange z 0 -1
                zremrangebyrank z -2 -1
                zrange z 0 -1
                zremrangebyrank z 5 10
                zremrangebyrank z 2 1
                zremrangebyrank z -100 0
                zrange z 0 -1
                zremrangebyrank z a 1
                zremrangebyrank z 0
                zremrangebyrank nokey 0 -1
                zremrangebyrank z 0 -1
                exists z
                zadd z 1 a 2 b 3 c 4 d 5 e 6 f
                zremrangebyscore z (1 3
                zrange z 0 -1
                zremrangebyscore z 5 +inf
                zrange z 0 -1
                zremrangebyscore z 10 20
                zremrangebyscore z 3 1
                zremrangebyscore z a 1
                zremrangebyscore nokey 0 1
                zremrangebyscore z -inf +inf
                exists z
                zadd z 0 a 0 b 0 c 0 d 0 e
                zremrangebylex z [b (d
                zrange z 0 -1
                zremrangebylex z (d +
                zrange z 0 -1
                zremrangebylex z [z +
                zremrangebylex z a b
                zremrangebylex nokey - +
                zremrangebylex z - +
                exists z
                """);
    }

    @Test
    void popping() {
        check("""
                zadd z 1 a 2 b 3 c 4 d 5 e
                zpopmin z
                zpopmax z
                zpopmin z 2
                zpopmax z 0
                zpopmin z 10
                exists z
                zpopmin z
                zpopmin z 2
                zpopmax nokey
                zadd z 1 a 2 b 3 c 4 d 5 e
                zpopmax z 2
                zpopmin z -1
                zpopmin z abc
                zpopmin nokey abc
                zpopmin z 1 2
                zpopmin
                zadd eq 7 b 7 a 7 c
                zpopmin eq
                zpopmax eq
                bzpopmin z 0
                bzpopmax z 0
                bzpopmin nokey z 0
                bzpopmin nokey 0.01
                bzpopmax nokey nokey2 0.01
                bzpopmin z abc
                bzpopmin z -1
                bzpopmin z
                bzpopmin nokey 0.01
                exists z
                multi
                bzpopmin nokey 0
                bzpopmax nokey 0
                exec
                hello 3 ## type
                zadd z 1.5 a 2 b 3 c
                zpopmin z
                zpopmin z 1
                zpopmax nokey
                zpopmax nokey 2
                bzpopmax z 0
                bzpopmin nokey 0.01
                multi
                bzpopmin nokey 0
                exec
                """);
    }

    /** ZMPOP, and BZMPOP where it need not wait; bad input is an error and pops nothing. */
    @Test
    void poppingFromTheFirstOfSeveralKeys() {
        check("""
                zadd z1 1 a 2 b 3 c 4 d
                zadd z2 1.5 p 2.5 q
                zmpop 1 z1 min
                zmpop 1 z1 MAX
                zmpop 2 nokey z1 max count 5
                exists z1
                zmpop 2 z2 z1 min count 1
                zmpop 1 z2 min COUNT 9223372036854775807
                zmpop 1 nokey min
                zmpop 2 nokey nokey2 max count 3
                zadd z3 1 a 2 b 3 c
                bzmpop 0 1 z3 min
                bzmpop 0.5 2 nokey z3 max count 1
                bzmpop 0 1 z3 MIN COUNT 10
                bzmpop 0.01 1 nokey min
                bzmpop 0x1p-7 2 nokey nokey2 max count 2
                set str x
                zadd z 1 a 2 b 3 c
                zmpop 2 z str min
                bzmpop 0 2 z str max
                # bad input: errors, and nothing popped
                zmpop 0 z min
                zmpop -1 z min
                zmpop abc z min
                zmpop 3 z min
                zmpop 9223372036854775807 z min
                zmpop 99999999999999999999 z min
                zmpop 1 z foo
                zmpop 1 z left
                zmpop 1 z min count 0
                zmpop 1 z min count -1
                zmpop 1 z min count abc
                zmpop 1 z min count
                zmpop 1 z min count 1 count 1
                zmpop 1 z min foo
                zmpop 1 z min 1
                zmpop 1
                zmpop 1 z
                zmpop 2 nokey str min
                zmpop 1 str max count 2
                bzmpop 0 0 z min
                bzmpop -1 1 z min
                bzmpop abc 1 z min
                bzmpop inf 1 z min
                bzmpop 0.1 0 z min
                bzmpop -1 0 z min
                bzmpop 0.1 3 z min
                bzmpop abc 1 z foo
                bzmpop 0.1 1 z min count 0
                bzmpop abc 1 z min count 0
                bzmpop 0.1 1 str min
                bzmpop abc 1 str min
                bzmpop -1 1 str min
                bzmpop 0.1 2 nokey str min
                bzmpop 0.1
                bzmpop 0.1 1 z
                zrange z 0 -1 withscores
                multi
                bzmpop 0 1 nokey min
                zmpop 1 nokey max
                bzmpop 0 2 nokey z max count 2
                exec
                hello 3 ## type
                zadd r3 1.5 a 2 b 3 c
                zmpop 1 r3 min
                zmpop 1 r3 max count 5
                zmpop 1 nokey min
                zadd r3 1 x
                bzmpop 0 1 r3 min count 2
                bzmpop 0.01 1 nokey min
                multi
                bzmpop 0 1 nokey min
                exec
                """);
    }

    @Test
    void randomMembers() {
        check("""
                zadd z 1 a 2 b 3 c
                zrandmember z ## type
                zrandmember z 3
                zrandmember z 5 withscores
                zrandmember z 3 WITHSCORES
                zrandmember z 2 ## type
                zrandmember z -5 ## type
                zrandmember z 0
                zrandmember z 0 withscores
                zrandmember nokey
                zrandmember nokey 1
                zrandmember nokey -1 withscores
                zrandmember z -9223372036854775808
                zrandmember z 9223372036854775807 withscores
                zrandmember z -9223372036854775807 withscores
                zrandmember z 4611686018427387903 withscores
                zrandmember z 1 withscore
                zrandmember z 1 withscores x
                zrandmember z abc
                zrandmember z 1.5
                zadd one 1.5 only
                zrandmember one
                zrandmember one -3
                zrandmember one -2 withscores
                zrandmember one 1 withscores
                hello 3 ## type
                zrandmember z 5 withscores
                zrandmember one -2 withscores
                zrandmember nokey
                """);
    }

    @Test
    void unionAndIntersection() {
        check("""
                zadd z1 1 a 2 b 3 c
                zadd z2 10 b 20 c 30 d
                zunionstore out 2 z1 z2
                zrange out 0 -1 withscores
                zinterstore out 2 z1 z2
                zrange out 0 -1 withscores
                zunionstore out 2 z1 z2 weights 2 0.5
                zrange out 0 -1 withscores
                zinterstore out 2 z1 z2 weights 2 0.5 aggregate max
                zrange out 0 -1 withscores
                zinterstore out 2 z1 z2 aggregate min
                zrange out 0 -1 withscores
                zunionstore out 2 z1 z2 aggregate max
                zrange out 0 -1 withscores
                zunionstore out 2 z1 z2 AGGREGATE MIN WEIGHTS 1 -1
                zrange out 0 -1 withscores
                zunionstore out 2 z1 z2 aggregate sum aggregate min
                zrange out 0 -1 withscores
                zunionstore out 2 z1 z2 weights 1 2 weights 3 4
                zrange out 0 -1 withscores
                zunionstore out 3 z1 z2 nokey
                zrange out 0 -1 withscores
                zinterstore out 2 z1 nokey
                exists out
                zinterstore out 1 nokey
                zunionstore out 1 nokey
                exists out
                zunionstore out 2 z1 z1
                zrange out 0 -1 withscores
                zinterstore out 2 z1 z1 weights 1 2
                zrange out 0 -1 withscores
                zunionstore z1 2 z1 z2
                zrange z1 0 -1 withscores
                zadd inf 1 a 2 b
                zadd ninf 1 a 2 c
                zunionstore out 2 inf ninf weights inf -inf
                zrange out 0 -1 withscores
                zinterstore out 2 inf ninf weights inf -inf
                zrange out 0 -1 withscores
                zunionstore out 2 inf ninf weights 0 inf
                zrange out 0 -1 withscores
                zinterstore out 2 inf ninf weights 0 inf aggregate max
                zrange out 0 -1 withscores
                zinterstore out 2 inf ninf weights inf 0 aggregate min
                zrange out 0 -1 withscores
                zunionstore out 1 inf weights -0
                zrange out 0 -1 withscores
                zunionstore out 1 inf weights 1.1
                zrange out 0 -1 withscores
                zunionstore out 0 z1
                zunionstore out -1 z1
                zinterstore out 0 z1
                zunionstore out abc z1
                zunionstore out 3 z1 z2
                zunionstore out 2 z1 z2 weights 1
                zunionstore out 2 z1 z2 weights 1 a
                zunionstore out 2 z1 z2 weights 1 2 3
                zunionstore out 2 z1 z2 weights 1 1e999
                zunionstore out 2 z1 z2 aggregate foo
                zunionstore out 2 z1 z2 aggregate
                zunionstore out 2 z1 z2 withscores
                zunionstore out 2 z1 z2 foo
                zunionstore out
                zunionstore out 1
                set str v
                zunionstore out 2 z1 str
                zunionstore out 2 z1 str foo
                zinterstore out 2 nokey str
                set dst v ex 100
                zunionstore dst 1 z2
                type dst
                ttl dst
                zrange dst 0 -1 withscores
                set lst x px 100000
                zinterstore lst 2 z1 z2
                type lst
                zinterstore lst 2 z1 nokey
                exists lst
                set s2 v
                zunionstore s2 1 nokey
                exists s2
                zunion 2 z1 z2
                zunion 2 z1 z2 withscores
                zinter 2 z1 z2 withscores
                zinter 2 z1 z2 weights 1 -1 aggregate min withscores
                zinter 1 inf weights -0 withscores
                zunion 1 nokey
                zinter 2 z1 nokey withscores
                zunion 0 z1
                zunion 2 z1 str
                zunion 2 z1 z2 withscores foo
                hello 3 ## type
                zunion 2 z1 z2 withscores
                zinter 2 z1 z2
                """);
    }

    /** ZDIFF, ZDIFFSTORE and ZINTERCARD, bad input included: a failed command changes nothing. */
    @Test
    void differenceAndIntersectionCount() {
        check("""
                zadd z1 1 a 2 b 3 c 4 d 5 e
                zadd z2 1 b 5 d 7 x
                zadd z3 2 c 9 y
                sadd s1 a x q
                set str x
                zdiff 2 z1 z2
                zdiff 2 z1 z2 withscores
                zdiff 3 z1 z2 z3 WITHSCORES
                zdiff 2 z1 s1 withscores
                zdiff 2 s1 z1 withscores
                zdiff 1 z1 withscores withscores
                zdiff 2 z1 z1
                zdiff 2 z1 nokey withscores
                zdiff 2 nokey z1
                zdiff 1 nokey
                zdiffstore out 2 z1 z2
                zrange out 0 -1 withscores
                zdiffstore out 3 z1 z2 z3
                zrange out 0 -1 withscores
                zdiffstore out 1 s1
                zrange out 0 -1 withscores
                zdiffstore out 2 z1 z1
                exists out
                zdiffstore out 1 nokey
                zdiffstore z3 2 z3 z1
                zrange z3 0 -1 withscores
                set strdst v ex 100
                zdiffstore strdst 1 z2
                type strdst
                ttl strdst
                zintercard 2 z1 z2
                zintercard 2 z1 s1
                zintercard 1 z1
                zintercard 1 z1 limit 2
                zintercard 1 z1 LIMIT 0
                zintercard 1 z1 limit 100
                zintercard 1 z1 limit 1 limit 3
                zintercard 3 z1 z2 nokey
                zintercard 1 nokey
                zintercard 1 z1 limit 9223372036854775807
                # bad input: errors, and nothing written
                zdiff 0 z1
                zdiff -1 z1
                zdiff abc z1
                zdiff 3 z1 z2
                zdiff 9223372036854775807 z1
                zdiff 2 z1 z2 weights 1 2
                zdiff 2 z1 z2 aggregate min
                zdiff 1 z1 limit 1
                zdiff 1 z1 foo
                zdiff 1
                zdiff 2 str z1
                zdiff 2 z1 str
                zdiff 2 nokey str
                zdiffstore out2 0 z1
                zdiffstore out2 2 z1 z2 withscores
                zdiffstore out2 2 z1 z2 weights 1 1
                zdiffstore out2 2 z1 str
                zdiffstore out2 3 z1 z2
                zdiffstore out2
                zdiffstore out2 1
                exists out2
                zdiffstore str 2 z1 str
                get str
                zintercard 0 z1
                zintercard -1 z1
                zintercard abc z1
                zintercard 3 z1 z2
                zintercard 2 z1 z2 limit -1
                zintercard 2 z1 z2 limit a
                zintercard 2 z1 z2 limit
                zintercard 2 z1 z2 limit 9223372036854775808
                zintercard 2 z1 z2 withscores
                zintercard 2 z1 z2 weights 1 2
                zintercard 2 z1 z2 aggregate max
                zintercard 2 z1 str limit -1
                zintercard 2 str nokey
                zintercard 1
                zrange z1 0 -1 withscores
                zrange z2 0 -1 withscores
                hello 3 ## type
                zdiff 2 z1 z2 withscores
                zdiff 1 nokey withscores
                zintercard 2 z1 z2
                """);
    }

    @Test
    void rangeStore() {
        check("""
                zadd z 1 a 2 b 3 c 4 d 5 e
                zrangestore dst z 0 -1
                zrange dst 0 -1 withscores
                zrangestore dst z 1 2
                zrange dst 0 -1 withscores
                zrangestore dst z (1 4 byscore limit 1 2
                zrange dst 0 -1 withscores
                zrangestore dst z 4 (1 byscore rev
                zrange dst 0 -1 withscores
                zrangestore dst z 0 1 rev
                zrange dst 0 -1 withscores
                zrangestore dst z 10 20
                exists dst
                zrangestore dst nokey 0 -1
                exists dst
                zrangestore dst z 0 -1 withscores
                zrangestore dst z 0 -1 limit 0 1
                zrangestore dst z a b
                set str v
                zrangestore str z 0 1
                type str
                zrangestore dst str 0 1
                zrangestore z z 0 1
                zrange z 0 -1 withscores
                zadd lex 0 a 0 b 0 c
                zrangestore dst lex [b + bylex
                zrange dst 0 -1
                """);
    }

    @Test
    void scanning() {
        check("""
                zadd z 1.1 a 2 b 3 c -0.0 d 1e17 e 5e18 f 4611686018427387904 g 4611686018427387903 h
                zscan z 0
                zscan z 0 count 1
                zscan z 0 match a*
                zscan z 0 match [a-c] count 100
                zscan z 0 match
                zscan z 0 count 0
                zscan z 0 count -1
                zscan z 0 count abc
                zscan z 0 foo bar
                zscan z 0 type zset
                zscan z abc
                zscan z 5
                zscan z -1
                zscan z +0
                zscan z ""
                zscan z 18446744073709551615
                zscan z 18446744073709551616
                zscan z " 1"
                zscan z 1x
                zscan z -
                zscan nokey 0
                zscan nokey 0 foo
                zscan z
                hello 3 ## type
                zscan z 0
                """);
    }

    @Test
    void wrongTypeEverywhere() {
        check("""
                set s v
                zadd s 1 a
                zadd s xx 1 a
                zincrby s 1 a
                zrem s a
                zcard s
                zscore s a
                zmscore s a
                zcount s 0 1
                zcount s a b
                zlexcount s - +
                zlexcount s a b
                zrange s 0 -1
                zrange s a b
                zrange s 0 -1 foo
                zrange s 0 1 byscore
                zrange s - + bylex
                zrevrange s 0 -1
                zrangebyscore s 0 1
                zrevrangebyscore s 1 0
                zrangebylex s - +
                zrevrangebylex s + -
                zrangestore d s 0 -1
                zrank s a
                zrevrank s a
                zremrangebyrank s 0 -1
                zremrangebyscore s 0 1
                zremrangebylex s - +
                zpopmin s
                zpopmin s 0
                zpopmin s -1
                zpopmax s 2
                bzpopmin s 0
                bzpopmax s 0
                bzpopmin nokey s 0
                zmpop 1 s min
                zmpop 2 nokey s max count 2
                bzmpop 0 1 s min
                bzmpop 0 2 nokey s max
                zrandmember s
                zrandmember s 0
                zrandmember s 2 withscores
                zunionstore d 1 s
                zinterstore d 2 nokey s
                zunion 1 s
                zinter 1 s
                zdiff 1 s
                zdiff 2 nokey s
                zdiffstore d 1 s
                zintercard 1 s
                zintercard 2 nokey s
                zscan s 0
                zscan s abc
                get s
                zadd z 1 a
                get z
                incr z
                append z x
                type z
                """);
    }

    @Test
    void keyspaceCommandsOnSortedSets() {
        check("""
                zadd z 1 a 2 b 3 c
                type z
                exists z
                expire z 100
                ttl z ## ~1
                zadd z 4 d
                ttl z ## ~1
                zpopmin z 4
                exists z
                ttl z
                zadd z 1 a 2 b
                copy z z2
                zrange z2 0 -1 withscores
                rename z z3
                zrange z3 0 -1 withscores
                exists z
                zadd z3 3 c
                zrange z2 0 -1 withscores
                set z3 v
                zrange z3 0 -1
                get z3
                zadd z4 1 x
                del z4
                zscore z4 x
                zadd z4 1 y
                zrange z4 0 -1
                scan 0 type zset ## sorted
                """);
    }

    /** Plain sets are inputs of ZUNIONSTORE and ZINTERSTORE with scores of 1. */
    @Test
    void setsAsInputs() {
        Assumptions.assumeTrue(simpleredis.knows("SADD", "probe", "x") && simpleredis.knows("DEL", "probe"),
                "SADD is not implemented yet: sets as inputs are checked once it is");
        check("""
                zadd z1 1 a 2 b 3 c
                sadd s1 a d x
                sadd s2 a x
                zunionstore out 2 z1 s1
                zrange out 0 -1 withscores
                zinterstore out 2 z1 s1
                zrange out 0 -1 withscores
                zinterstore out 2 s1 s2 weights 2 3
                zrange out 0 -1 withscores
                zunionstore out 3 z1 s1 s2 aggregate max
                zrange out 0 -1 withscores
                zinter 2 s1 z1 withscores
                zunion 1 s2 withscores
                zunionstore s1 2 s1 z1
                type s1
                zrange s1 0 -1 withscores
                """);
    }
}

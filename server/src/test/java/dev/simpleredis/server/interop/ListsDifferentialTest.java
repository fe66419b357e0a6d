package dev.simpleredis.server.interop;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The list commands scripted against a real redis-server and simpleredis on each engine, replies
 * compared frame by frame (as {@link RedisDifferentialTest} does): every command's edge cases,
 * argument errors and WRONGTYPE, in RESP2 and RESP3.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#engines")
@Timeout(120)
class ListsDifferentialTest extends DifferentialScripts {

    @Test
    void pushAndPop() {
        check("""
                lpush l a
                lpush l b c
                rpush l d e
                lrange l 0 -1
                llen l
                type l
                exists l
                lpushx l x
                rpushx l y z
                lpushx nokey x
                rpushx nokey x
                exists nokey
                lrange l 0 -1
                lpop l
                rpop l
                lpop l 2
                rpop l 2
                lrange l 0 -1
                lpop l 0
                rpop l 0
                lpop l 100
                exists l
                llen l
                type l
                lpop l
                rpop l
                lpop l 1
                rpop l 0
                lpop nokey
                lpop nokey 0
                lpop nokey 3
                lpop l -1
                lpop l abc
                lpop l 1.5
                lpop l 1 2
                rpop l 1 2
                rpush l 1 2 3 10 -5 ""
                lrange l 0 -1
                rpop l 10
                exists l
                rpush l "a b" "x\\0y" "\\r\\n"
                lrange l 0 -1
                lpush
                lpush l
                rpushx l
                lpop
                llen
                llen l x
                """);
    }

    @Test
    void rangesAndIndexes() {
        check("""
                rpush l a b c d e
                lrange l 0 -1
                lrange l 1 3
                lrange l -3 -1
                lrange l -100 100
                lrange l 3 1
                lrange l 5 10
                lrange l -1 -5
                lrange l 0 0
                lrange l -1 -1
                lrange l 4 4
                lrange l -9223372036854775808 9223372036854775807
                lrange l 9223372036854775807 -9223372036854775808
                lrange l a 1
                lrange l 0 b
                lrange l 0 1.5
                lrange nokey 0 -1
                lrange nokey a b
                lindex l 0
                lindex l 4
                lindex l 5
                lindex l -1
                lindex l -5
                lindex l -6
                lindex l 9223372036854775807
                lindex l -9223372036854775808
                lindex l x
                lindex nokey 0
                lindex nokey x
                lset l 0 A
                lset l -1 E
                lset l 2 C
                lrange l 0 -1
                lset l 5 x
                lset l -6 x
                lset l x y
                lset nokey 0 x
                lset nokey x y
                lrange l 0 -1
                ltrim l 1 -2
                lrange l 0 -1
                ltrim l 0 100
                lrange l 0 -1
                ltrim l -2 -1
                lrange l 0 -1
                ltrim l 1 0
                exists l
                rpush l a b c d e
                ltrim l 5 10
                exists l
                rpush l a b c d e
                ltrim l -100 1
                lrange l 0 -1
                ltrim l 0 0
                lrange l 0 -1
                ltrim l -1 -2
                exists l
                ltrim nokey 0 1
                ltrim nokey a 1
                rpush l a
                ltrim l x 1
                ltrim l 0 y
                lrange l 0 -1
                lrange l
                lindex l
                lset l 0
                ltrim l 0
                """);
    }

    @Test
    void insertAndRemove() {
        check("""
                rpush l a b c b a
                linsert l before b X
                lrange l 0 -1
                linsert l after b Y
                lrange l 0 -1
                linsert l AFTER a Z
                linsert l BEFORE a W
                lrange l 0 -1
                linsert l after nopivot x
                linsert l middle b x
                linsert nokey before a x
                linsert nokey middle a x
                exists nokey
                rpush m a b c d e f g h i j
                linsert m before j X
                linsert m after a Y
                linsert m before e Z
                linsert m after f W
                lrange m 0 -1
                llen m
                lindex m 0
                lindex m -1
                lrem m 0 nothing
                lrem m 1 Z
                lrange m 0 -1
                del m
                rpush m x a x b x c x d x
                lrem m 2 x
                lrange m 0 -1
                lrem m -2 x
                lrange m 0 -1
                lrem m 0 x
                lrange m 0 -1
                rpush m x x a x b x x
                lrem m -1 x
                lrange m 0 -1
                lrem m 9223372036854775807 x
                lrange m 0 -1
                rpush m y a y b y
                lrem m -9223372036854775808 y
                lrange m 0 -1
                rpush n x x x
                lrem n 0 x
                exists n
                rpush n x x x
                lrem n -2 x
                lrange n 0 -1
                lrem n abc x
                lrem nokey 1 x
                lrem nokey abc x
                rpush p 1 2 3 4 5 6 7 8
                lrem p 1 1
                lrem p -1 8
                lrem p 1 5
                lrange p 0 -1
                lindex p 3
                lset p 3 five
                lrange p 0 -1
                lpush p 0
                rpush p 9
                lrange p 0 -1
                lrem p
                linsert p before 1
                """);
    }

    @Test
    void lpos() {
        check("""
                rpush l a b c a b c a
                lpos l a
                lpos l c
                lpos l nothing
                lpos l a rank 2
                lpos l a rank 3
                lpos l a rank 4
                lpos l a rank -1
                lpos l a rank -2
                lpos l a rank -4
                lpos l a count 0
                lpos l a count 2
                lpos l a count 10
                lpos l a rank 2 count 0
                lpos l a rank -1 count 2
                lpos l a rank -2 count 0
                lpos l nothing count 0
                lpos l a maxlen 1
                lpos l c maxlen 2
                lpos l c maxlen 3
                lpos l a count 0 maxlen 4
                lpos l a rank -1 maxlen 1
                lpos l a rank -1 count 0 maxlen 3
                lpos l b rank -1 maxlen 1
                lpos l a rank 2 maxlen 3
                lpos l a RANK 1 COUNT 1 MAXLEN 0
                lpos l a count 0 rank 1 count 1
                lpos l a rank 0
                lpos l a rank abc
                lpos l a rank -9223372036854775808
                lpos l a rank -9223372036854775808 count 1
                lpos l a rank -9223372036854775808 count 0
                lpos l a rank -9223372036854775808 count 2 maxlen 4
                lpos l a rank 9223372036854775807
                lpos l a count -1
                lpos l a count abc
                lpos l a maxlen -1
                lpos l a maxlen abc
                lpos l a rank
                lpos l a count
                lpos l a foo 1
                lpos l a foo
                lpos nokey a
                lpos nokey a count 0
                lpos nokey a rank -1
                lpos nokey a rank 0
                lpos l
                """);
    }

    @Test
    void moveAndRotate() {
        check("""
                rpush src a b c
                lmove src dst left right
                lmove src dst right left
                lrange src 0 -1
                lrange dst 0 -1
                lmove src dst LEFT LEFT
                exists src
                lrange dst 0 -1
                lmove src dst left left
                lmove nokey dst left left
                rpush r 1 2 3
                lmove r r left right
                lrange r 0 -1
                lmove r r right left
                lrange r 0 -1
                lmove r r left left
                lmove r r right right
                lrange r 0 -1
                rpush one x
                lmove one one left right
                lrange one 0 -1
                rpoplpush one one
                lrange one 0 -1
                rpoplpush r d2
                rpoplpush r d2
                lrange d2 0 -1
                lrange r 0 -1
                rpoplpush nokey d2
                rpoplpush r r
                lrange r 0 -1
                lmove r d2 up left
                lmove r d2 left down
                lmove nokey d2 up left
                lmove r
                rpoplpush r
                """);
    }

    @Test
    void blockingFormsThatDoNotWait() {
        check("""
                rpush a 1 2
                rpush b 3
                blpop a b 0
                brpop a b 0
                blpop a b 0
                exists a
                brpop nokey b 1
                exists b
                blpop nokey 0.1
                brpop nokey 0.05
                blpop nokey nokey2 0.01
                rpush c x y
                blmove c d left right 0
                brpoplpush c d 0
                exists c
                lrange d 0 -1
                blmove nokey d left right 0.05
                brpoplpush nokey d 0.05
                rpush r 1 2 3
                blmove r r left right 0
                brpoplpush r r 0
                lrange r 0 -1
                blpop r 1.5x
                blpop r -1
                blpop r abc
                blpop r ""
                blpop r 1e1
                brpop r -0.5
                blmove r d left right -1
                blmove r d left right abc
                blmove r d up right 0
                blmove r d left right
                brpoplpush r d abc
                brpoplpush r d -1
                blpop r
                blpop
                multi
                blpop nokey 0
                brpop nokey 0
                blmove nokey d left right 0
                brpoplpush nokey d 0
                rpush nokey x
                blpop nokey 0
                exec
                """);
    }

    /**
     * Timeouts are read as Redis 7.0 reads them (a long double, times 1000, rounded up): the ones
     * that pop at once, from a list that has elements, or time out within milliseconds.
     */
    @Test
    void blockingTimeouts() {
        check("""
                rpush l 1 2 3 4 5 6 7 8 9 10 11 12
                blpop l 0x1p-4
                blpop l 1e-1
                blpop l 0.0001
                blpop l +.5
                blpop l 9223372036854775
                blpop l -0
                blpop l -0.0001
                blpop l 1e-4950
                brpop l 0X.8P1
                blmove l d left right 3.6e-4951
                brpoplpush l d 0x10
                bzpopmin nokey l 0x10
                blpop l inf
                blpop l -inf
                blpop l infinity
                blpop l nan
                blpop l 1e400
                blpop l -1e400
                blpop l 1e5000
                blpop l -1e-5000
                blpop l " 1"
                blpop l "1 "
                blpop l 1d
                blpop l 0x
                blpop l 9223372036854775.808
                blpop l 9223372036854775807
                blpop l 1e16
                blpop l -1
                blmove l d left right inf
                brpoplpush l d 1e400
                bzpopmax nokey 1e16
                lrange l 0 -1
                blpop nokey 0x1p-6
                brpop nokey 0.0001
                blmove nokey d left right 1e-3
                bzpopmin nokey 0x1p-7
                """);
    }

    /** LMPOP, and BLMPOP where it need not wait; bad input is an error and pops nothing. */
    @Test
    void poppingFromTheFirstOfSeveralKeys() {
        check("""
                rpush l1 a b c d e
                rpush l2 x
                lmpop 1 l1 left
                lmpop 1 l1 RIGHT
                lmpop 2 nokey l1 left count 2
                lmpop 2 l2 l1 right count 5
                exists l2
                lmpop 1 l1 left COUNT 9223372036854775807
                exists l1
                lmpop 1 nokey left
                lmpop 3 nokey nokey2 nokey3 right count 2
                rpush l3 1 2 3
                blmpop 0 1 l3 left
                blmpop 0.5 2 nokey l3 right count 1
                blmpop 0 1 l3 LEFT COUNT 10
                blmpop 0.01 1 nokey left
                blmpop 0x1p-7 2 nokey nokey2 right count 2
                set str x
                rpush l a b c
                lmpop 2 l str left
                blmpop 0 2 l str right
                # bad input: errors, and nothing popped
                lmpop 0 l left
                lmpop -1 l left
                lmpop abc l left
                lmpop 3 l left
                lmpop 9223372036854775807 l left
                lmpop 1 l up
                lmpop 1 l min
                lmpop 1 l left count 0
                lmpop 1 l left count -5
                lmpop 1 l left count abc
                lmpop 1 l left count
                lmpop 1 l left count 1 count 2
                lmpop 1 l left foo
                lmpop 1
                lmpop 1 l
                lmpop 2 nokey str left
                lmpop 1 str right count 2
                blmpop -1 1 l left
                blmpop abc 1 l left
                blmpop inf 1 l left
                blmpop -1 0 l left
                blmpop abc 0 l left
                blmpop 0 3 l left
                blmpop abc 1 l up
                blmpop 0.1 1 l left count 0
                blmpop abc 1 l left count 0
                blmpop abc 1 str left
                blmpop 0.1 1 str left
                blmpop 0.1 2 nokey str left
                blmpop 0.1
                blmpop 0.1 1 l
                lrange l 0 -1
                multi
                blmpop 0 1 nokey left
                lmpop 1 nokey right
                blmpop 0 2 nokey l right count 2
                exec
                hello 3 ## type
                rpush r3 a b c
                lmpop 1 r3 left
                lmpop 1 r3 right count 5
                lmpop 1 nokey left
                rpush r3 x
                blmpop 0 1 r3 left count 2
                blmpop 0.01 1 nokey left
                multi
                blmpop 0 1 nokey left
                exec
                """);
    }

    @Test
    void wrongType() {
        check("""
                set s v
                lpush s a
                rpush s a
                lpushx s a
                rpushx s a
                lpop s
                rpop s
                lpop s 0
                lpop s 2
                lpop s -1
                llen s
                lrange s 0 -1
                lrange s a b
                lindex s 0
                lindex s x
                lset s 0 x
                lset s x x
                linsert s before a b
                linsert s middle a b
                lrem s 0 a
                lrem s x a
                ltrim s 0 1
                ltrim s x 1
                lpos s a
                lpos s a count 0
                lpos s a rank 0
                lmove s d left right
                rpoplpush s d
                blpop s 0
                brpop s 0
                blpop nokey s 0
                lmpop 1 s left
                lmpop 2 nokey s right count 2
                blmpop 0 1 s left
                blmpop 0 2 nokey s right
                brpoplpush s d 0
                rpush l a
                lmove l s left right
                rpoplpush l s
                blmove l s left right 0
                brpoplpush l s 0
                lrange l 0 -1
                lmove nokey s left right
                rpoplpush nokey s
                blmove nokey s left right 0.05
                blpop l s 0
                blpop l s 0
                get s
                type s
                lpush k a
                set k v
                get k
                type k
                lpush k a
                rpush m 1
                append m x
                incr m
                get m
                type m
                """);
    }

    @Test
    void emptiedListsDisappear() {
        check("""
                rpush l a
                lpop l
                exists l
                type l
                rpush l a b
                rpop l 5
                exists l
                rpush l a
                lrem l 0 a
                exists l
                rpush l a b
                ltrim l 2 3
                exists l
                rpush l a
                lmove l m left left
                exists l
                type m
                rpush l a
                blpop l 0
                exists l
                rpush l a
                expire l 100
                ttl l ## ~1
                lpush l b
                ttl l ## ~1
                rpop l
                ttl l ## ~1
                lpop l
                ttl l
                rpush l a
                ttl l
                pexpire l 1
                !sleep 20
                exists l
                lrange l 0 -1
                rpush l x
                lrange l 0 -1
                rename l l2
                lrange l2 0 -1
                copy l2 l3
                rpush l3 y
                lrange l2 0 -1
                lrange l3 0 -1
                dbsize
                keys * ## sorted
                scan 0 type list ## sorted
                scan 0 type string
                set l3 v
                get l3
                del l2
                exists l2
                rpush l4 a
                move l4 1
                exists l4
                select 1
                lrange l4 0 -1
                """);
    }

    /**
     * Random pushes, pops, inserts, removals, trims, sets and moves on two small lists (few
     * distinct values, so matches are frequent), each write followed by LRANGE of both lists:
     * the layout's index arithmetic (LINSERT and LREM move either side) against Redis's own.
     */
    @Test
    void randomOperationsAgreeWithRedis() {
        for (long seed = 1; seed <= 3; seed++) {
            Random r = new Random(seed);
            StringBuilder script = new StringBuilder();
            String[] values = {"a", "b", "c", "d"};
            for (int i = 0; i < 300; i++) {
                String key = r.nextBoolean() ? "l1" : "l2";
                String other = r.nextBoolean() ? "l1" : "l2";
                String v = values[r.nextInt(values.length)];
                String w = values[r.nextInt(values.length)];
                int n = r.nextInt(13) - 6;
                int m = r.nextInt(13) - 6;
                String side = r.nextBoolean() ? "left" : "right";
                String line = switch (r.nextInt(12)) {
                    case 0, 1 -> "rpush " + key + " " + v + " " + w;
                    case 2, 3 -> "lpush " + key + " " + v;
                    case 4 -> (r.nextBoolean() ? "lpop " : "rpop ") + key + (r.nextBoolean() ? "" : " " + Math.abs(n));
                    case 5 -> "linsert " + key + (r.nextBoolean() ? " before " : " after ") + v + " " + w;
                    case 6 -> "lrem " + key + " " + n + " " + v;
                    case 7 -> "lset " + key + " " + n + " " + v;
                    case 8 -> r.nextInt(4) == 0 ? "ltrim " + key + " " + n + " " + m : "lindex " + key + " " + n;
                    case 9 -> "lmove " + key + " " + other + " " + side + (r.nextBoolean() ? " left" : " right");
                    case 10 -> "lpos " + key + " " + v + " rank " + (n == 0 ? 1 : n) + " count " + Math.abs(m)
                            + " maxlen " + r.nextInt(8);
                    default -> "lrange " + key + " " + n + " " + m;
                };
                script.append(line).append('\n');
                script.append("lrange l1 0 -1\nlrange l2 0 -1\n");
            }
            check(script.toString());
        }
    }

    @Test
    void resp3Replies() {
        check("""
                hello 3 ## type
                rpush l a b c
                lpop l
                lpop l 1
                rpop l 0
                lpop nokey
                lpop nokey 1
                lrange l 0 -1
                lrange nokey 0 -1
                lindex l 0
                lindex l 5
                lpos l c
                lpos l x
                lpos l c count 0
                lpos nokey c count 0
                lmove nokey d left left
                blpop l 0
                blpop nokey 0.01
                brpoplpush nokey d 0.01
                blmove nokey d left left 0.01
                multi
                blpop nokey 0
                blmove nokey d left left 0
                exec
                llen l
                """);
    }
}

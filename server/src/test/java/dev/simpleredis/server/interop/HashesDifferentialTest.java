package dev.simpleredis.server.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hash commands scripted against a real redis-server and simpleredis on each engine, replies
 * compared frame by frame, in RESP2 and RESP3: every command with its edge cases and error texts.
 * Fields are added in byte order, the order simpleredis returns them and a small Redis hash keeps.
 * Random replies are checked in {@link HashesSetsInteropTest}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#engines")
@Timeout(120)
class HashesDifferentialTest extends DifferentialScripts {

    @Test
    void setGetAndDelete() {
        check("""
                hset h a 1
                hset h a 2 b 3
                hset h c 4 c 5
                hget h a
                hget h c
                hget h nofield
                hget nokey a
                hmget h a b nofield c
                hmget nokey a b
                hlen h
                hlen nokey
                hexists h a
                hexists h nofield
                hexists nokey a
                hsetnx h a 9
                hsetnx h d 9
                hget h a
                hget h d
                hsetnx newkey f v
                hgetall newkey
                hmset h e 1 f 2
                hmset h g
                hmset h g 1 h
                hget h f
                hgetall h
                hkeys h
                hvals h
                hgetall nokey
                hkeys nokey
                hvals nokey
                hdel h a nofield b a
                hdel h nofield
                hdel nokey a
                hlen h
                hdel h c d e f
                exists h
                type h
                hset h "" empty "a b" "x\\0y"
                hget h ""
                hget h "a b"
                hstrlen h "a b"
                hstrlen h nofield
                hstrlen nokey a
                hset h big 12345678901234567890
                hstrlen h big
                type h
                """);
    }

    @Test
    void arityAndWrongType() {
        check("""
                set s v
                sadd l a
                hset s f v
                hsetnx s f v
                hmset s f v
                hget s f
                hmget s f
                hdel s f
                hexists s f
                hlen s
                hstrlen s f
                hgetall s
                hkeys s
                hvals s
                hincrby s f 1
                hincrbyfloat s f 1
                hrandfield s
                hrandfield s 2
                hscan s 0
                hget l f
                hset l f v
                hset h f v
                get h
                append h x
                incr h
                hset
                hset h
                hset h f
                hset h f v g
                hsetnx h f
                hsetnx h f v w
                hget h
                hget h f g
                hmget h
                hdel h
                hexists h
                hlen
                hlen h x
                hgetall
                hkeys h x
                hvals
                hincrby h f
                hincrbyfloat h f
                hstrlen h
                hrandfield
                hscan h
                hmset h f
                """);
    }

    @Test
    void hincrby() {
        check("""
                hincrby h n 5
                hincrby h n -10
                hincrby h n 0
                hget h n
                hincrby h n x
                hincrby h n 1.5
                hincrby h n 99999999999999999999
                hincrby h n ""
                hset h s abc sp " 1" plus +1 zero 0 neg -0 lead 01 f 1.5 e 1e3
                hincrby h s 1
                hincrby h sp 1
                hincrby h plus 1
                hincrby h zero 1
                hincrby h neg 1
                hincrby h lead 1
                hincrby h f 1
                hincrby h e 1
                hset h max 9223372036854775807 min -9223372036854775808
                hincrby h max 1
                hincrby h max 0
                hincrby h max -1
                hincrby h min -1
                hincrby h min 1
                hincrby h new 9223372036854775807
                hincrby h new 1
                hincrby h new2 -9223372036854775808
                hincrby h new2 -1
                hget h new2
                hincrby nokey f -3
                hgetall nokey
                expire h 1000
                hincrby h n 1
                ttl h ## ~1
                """);
    }

    @Test
    void hincrbyfloat() {
        check("""
                hincrbyfloat h f 10.5
                hincrbyfloat h f 0.1
                hincrbyfloat h f -5.6
                hincrbyfloat h f 5.0e3
                hincrbyfloat h f -5000
                hincrbyfloat h z 0
                hincrbyfloat h z -0
                hincrbyfloat h n -0.5
                hincrbyfloat h n 0.5
                hset h a 0.1
                hincrbyfloat h a 0.2
                hset h b 1.1
                hincrbyfloat h b 2.2
                hset h c 3
                hincrbyfloat h c 1.5
                hincrbyfloat h c 1e-5
                hset h d 1e17
                hincrbyfloat h d 1
                hset h e 1.0e3
                hincrbyfloat h e 1
                hincrbyfloat h p +1
                hincrbyfloat h q .5
                hincrbyfloat h r 5.
                hincrbyfloat h x abc
                hincrbyfloat h x ""
                hincrbyfloat h x " 1"
                hincrbyfloat h x "1 "
                hincrbyfloat h x 1e
                hincrbyfloat h x nan
                hincrbyfloat h x inf
                hincrbyfloat h x -inf
                hincrbyfloat h x +inf
                hget h x
                hset h s abc sp " 1" i inf ni -inf nn nan
                hincrbyfloat h s 1
                hincrbyfloat h sp 1
                hincrbyfloat h i 1
                hincrbyfloat h ni 1
                hincrbyfloat h nn 1
                hincrbyfloat s 1 inf
                hincrbyfloat h big 1.7976931348623157e308
                hincrbyfloat h big 1.7976931348623157e308
                hincrbyfloat nokey f 2.5
                hgetall nokey
                set str v
                hincrbyfloat str f 1
                hincrbyfloat str f abc
                hincrbyfloat str f inf
                hincrbyfloat l f 0x10
                hincrbyfloat l f 0x1p-2
                hincrbyfloat l f 1e400
                hincrbyfloat l g 1e5000
                hincrbyfloat l g 1e4933
                hincrbyfloat l g 1e-5000
                hincrbyfloat l g 3.6e-4951
                hincrbyfloat l g infinity
                hset l x 1e5000 y 0x20 z 1e4932
                hincrbyfloat l x 1
                hincrbyfloat l y 1
                hincrbyfloat l z 1e4932
                hget l z
                """);
    }

    @Test
    void hrandfieldWithDeterministicReplies() {
        check("""
                hset h a 1 b 2 c 3
                hrandfield nokey
                hrandfield nokey 3
                hrandfield nokey -3 withvalues
                hrandfield h 0
                hrandfield h 0 withvalues
                hrandfield h 3 ## sorted
                hrandfield h 100 ## sorted
                hrandfield h 100 withvalues ## sorted
                hrandfield h 1 foo
                hrandfield h 1 withvalues foo
                hrandfield nokey 1 foo
                hrandfield h x
                hrandfield h 1.5
                hrandfield h -9223372036854775808
                hrandfield h 9223372036854775807 withvalues
                hrandfield h -9223372036854775807 withvalues
                hrandfield h 4611686018427387904 withvalues
                hrandfield h -4611686018427387904 withvalues
                hrandfield nokey 4611686018427387904 withvalues
                hset one f v
                hrandfield one
                hrandfield one 1
                hrandfield one -3
                hrandfield one -2 withvalues
                hrandfield one 5 withvalues
                """);
    }

    @Test
    void hscan() {
        check("""
                hset h a 1 b 2 c 3 d 4 ab 5
                hscan h 0 ## sorted
                hscan h 0 count 100 ## sorted
                hscan h 0 match a* ## sorted
                hscan h 0 match a* count 1000 ## sorted
                hscan h 0 match "*" ## sorted
                hscan h 0 match z*
                hscan nokey 0
                hscan nokey 0 foo
                hscan nokey x
                hscan h x
                hscan nokey -1
                hscan nokey +1
                hscan nokey " 1"
                hscan nokey 1x
                hscan nokey -
                hscan h 0 count 0
                hscan h 0 count -1
                hscan h 0 count x
                hscan h 0 match
                hscan h 0 foo bar
                hscan h 0 type string
                hscan h 0 novalues
                hscan h 18446744073709551616
                """);
    }

    @Test
    void resp3Replies() {
        check("""
                hello 3 ## type
                hset h a 1 b 2
                hgetall h
                hgetall nokey
                hkeys h
                hvals h
                hmget h a x
                hget h x
                hrandfield nokey
                hrandfield h 5 withvalues
                hrandfield h -1 withvalues ## type
                hrandfield h 0 withvalues
                hrandfield h 5
                hincrbyfloat h f 1.5
                hscan h 0 ## sorted
                hscan nokey 0
                """);
    }

    @Test
    void expiryAndKeyCommands() {
        check("""
                hset h a 1 b 2
                expire h 100
                hset h c 3
                hdel h a
                ttl h ## ~1
                rename h h2
                hgetall h2
                ttl h2 ## ~1
                copy h2 h3
                hgetall h3
                hset h3 d 4
                hlen h2
                hlen h3
                del h3
                hgetall h3
                pexpire h2 1
                !sleep 20
                hgetall h2
                exists h2
                hset h a 1
                set h v
                get h
                hset h a 1
                hdel h a
                exists h
                hset h a 1
                hincrby h n 1
                hdel h a n
                exists h
                """);
    }
}

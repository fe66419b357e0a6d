package dev.simpleredis.server.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keyspace commands (TYPE, DEL, EXISTS, EXPIRE, RENAME, COPY, MOVE, SCAN TYPE, FLUSHDB, SET
 * over a collection, SWAPDB) on every data type, and every string command on a collection
 * (WRONGTYPE, nothing changed), replies compared with the real Redis's.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#engines")
@Timeout(120)
class KeyspaceOnTypesDifferentialTest extends DifferentialScripts {

    private static final String FILL = """
            rpush l a b c
            hset h f1 v1 f2 v2
            sadd s m1 m2 m3
            zadd z 1 one 2 two 3 three
            set str value
            """;

    @Test
    void typeExistsAndDelOnEveryType() {
        check(FILL + """
                type l
                type h
                type s
                type z
                type str
                type nothing
                exists l h s z str nothing
                dbsize
                del l h
                exists l h
                lrange l 0 -1
                hgetall h
                del s z str nothing
                dbsize
                """);
    }

    @Test
    void scanTypeFindsEachType() {
        check(FILL + """
                scan 0 type list count 100 ## sorted
                scan 0 type hash count 100 ## sorted
                scan 0 type set count 100 ## sorted
                scan 0 type zset count 100 ## sorted
                scan 0 type string count 100 ## sorted
                keys * ## sorted
                """);
    }

    @Test
    void expiryWorksOnCollectionsAndTakesTheirElements() {
        check(FILL + """
                expire l 100
                ttl l ## ~1
                pexpire h 50
                persist l
                ttl l
                !sleep 150
                exists h
                hget h f1
                hset h f9 v9
                hgetall h
                expire s 0
                exists s
                smembers s
                sadd s fresh
                smembers s
                """);
    }

    @Test
    void renameCopyAndMoveCarryElements() {
        check(FILL + """
                rename l l2
                lrange l2 0 -1
                lrange l 0 -1
                copy h h2
                hgetall h2
                hset h2 f3 v3
                hlen h
                hlen h2
                copy z s
                copy z s replace
                type s
                zrange s 0 -1 withscores
                move z 1
                exists z
                select 1
                zrange z 0 -1 withscores
                select 0
                renamenx h2 str
                rename str h2
                type h2
                get h2
                """);
    }

    @Test
    void setOverACollectionReplacesItWhole() {
        check(FILL + """
                set l now-a-string
                type l
                get l
                del l
                rpush l x
                lrange l 0 -1
                set h x ex 100
                type h
                hset h f v
                del h
                hset h only one
                hgetall h
                """);
    }

    @Test
    void stringCommandsOnACollectionAreWrongTypeAndChangeNothing() {
        check(FILL + """
                get l
                getdel h
                getex s ex 10
                append z more
                incr l
                incrby h 2
                decr s
                incrbyfloat z 1.5
                setrange l 0 x
                getrange l 0 1
                strlen h
                set l v get
                getset h v
                mget l h s z str
                msetnx l x fresh y
                exists fresh
                lrange l 0 -1
                ttl s
                """);
    }

    @Test
    void collectionCommandsOnAStringAreWrongType() {
        check("""
                set str value
                lpush str x
                rpop str
                hset str f v
                hget str f
                sadd str m
                smembers str
                zadd str 1 m
                zrange str 0 -1
                get str
                """);
    }

    @Test
    void flushAndSwapDbTakeCollectionsAlong() {
        check(FILL + """
                select 1
                rpush other x y
                swapdb 0 1
                lrange other 0 -1
                lrange l 0 -1
                select 0
                lrange l 0 -1
                lrange other 0 -1
                flushdb
                exists l h s z str other
                select 1
                flushall
                dbsize
                rpush l fresh
                lrange l 0 -1
                """);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;

/** The older forms of SET, each a fixed set of {@link Set.Options}. */
enum SetVariant implements Command {
    /** SETNX key value: 1 if set, 0 if the key existed. */
    SETNX {
        @Override
        public Value execute(Keyspace keyspace, Session session, Request request) {
            Value reply = Set.apply(keyspace, session, request.bytes(1), request.stored(2, session),
                    new Set.Options(true, false, false, StoredValue.NO_EXPIRY, false));
            return reply instanceof Value.Null || reply.equals(Value.Int.ZERO) ? Value.Int.ZERO : Value.Int.ONE;
        }
    },
    /** SETEX key seconds value. */
    SETEX {
        @Override
        public Value execute(Keyspace keyspace, Session session, Request request) {
            return withTtl(keyspace, session, request, true, "setex");
        }
    },
    /** PSETEX key milliseconds value. */
    PSETEX {
        @Override
        public Value execute(Keyspace keyspace, Session session, Request request) {
            return withTtl(keyspace, session, request, false, "psetex");
        }
    },
    /** GETSET key value: the old value. */
    GETSET {
        @Override
        public Value execute(Keyspace keyspace, Session session, Request request) {
            return Set.apply(keyspace, session, request.bytes(1), request.stored(2, session),
                    new Set.Options(false, false, true, StoredValue.NO_EXPIRY, false));
        }
    };

    private static Value withTtl(Keyspace keyspace, Session session, Request request, boolean seconds, String command) {
        long expiresAt = Set.expiresAt(request.longArg(2), seconds, true, command);
        return Set.apply(keyspace, session, request.bytes(1), request.stored(3, session),
                new Set.Options(false, false, false, expiresAt, false));
    }
}

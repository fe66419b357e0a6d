package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.Locale;

/**
 * HSET key field value [field value ...] (the number of fields added), HMSET (the same, replying
 * OK) and HSETNX key field value (sets only a new field: 1, or 0).
 */
enum HSet implements Command {
    HSET, HMSET, HSETNX;

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() % 2 != 0) {
            throw new CommandException("ERR wrong number of arguments for '" + name().toLowerCase(Locale.ROOT) + "' command");
        }
        byte[] key = request.bytes(1);
        int pairs = (request.size() - 2) / 2;
        byte[][] fields = new byte[pairs][];
        byte[][] values = new byte[pairs][];
        for (int i = 0; i < pairs; i++) {
            fields[i] = request.bytes(2 + 2 * i);
            values[i] = Hashes.encode(request.stored(3 + 2 * i, session));
        }
        int db = session.db();
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.HASH);
        if (meta == null) {
            meta = Keyspace.Meta.empty(KeyType.HASH);
        }
        long added = 0;
        for (int i = 0; i < pairs; i++) {
            boolean exists = keyspace.element(db, key, fields[i]) != null;
            if (this == HSETNX && exists) {
                return Value.Int.ZERO;
            }
            keyspace.putElement(db, key, fields[i], values[i]);
            added += exists ? 0 : 1;
        }
        keyspace.putCollection(db, key, meta.withSize(meta.size() + added));
        return switch (this) {
            case HSET, HSETNX -> Value.Int.of(added);
            case HMSET -> Value.Simple.OK;
        };
    }
}

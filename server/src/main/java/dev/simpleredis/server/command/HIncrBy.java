package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/** HINCRBY key field increment: the field's new value, with INCRBY's arithmetic. */
final class HIncrBy implements Command {

    private static final CommandException NOT_INTEGER = new CommandException("ERR hash value is not an integer");

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long amount = request.longArg(3);
        byte[] key = request.bytes(1);
        byte[] field = request.bytes(2);
        int db = session.db();
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.HASH);
        byte[] frame = meta == null ? null : keyspace.element(db, key, field);
        long current = 0;
        if (frame != null) {
            byte[] text = Hashes.scalar(frame);
            if (text == null) {
                throw NOT_INTEGER;
            }
            current = Strings.parseLong(text, NOT_INTEGER);
        }
        long next = IncrBy.add(current, amount);
        Hashes.set(keyspace, db, key, meta, field, Long.toString(next));
        return Value.Int.of(next);
    }
}

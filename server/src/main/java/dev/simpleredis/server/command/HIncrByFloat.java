package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/** HINCRBYFLOAT key field increment: the field's new value, with INCRBYFLOAT's arithmetic and printing. */
final class HIncrByFloat implements Command {

    private static final CommandException NOT_FLOAT = new CommandException("ERR hash value is not a float");

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] amount = request.bytes(3);
        if (Double.isInfinite(Strings.parseDouble(amount, IncrByFloat.NOT_FLOAT))) {
            throw new CommandException("ERR value is NaN or Infinity");
        }
        byte[] key = request.bytes(1);
        byte[] field = request.bytes(2);
        int db = session.db();
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.HASH);
        byte[] frame = meta == null ? null : keyspace.element(db, key, field);
        byte[] current = null;
        if (frame != null) {
            current = Hashes.scalar(frame);
            if (current == null) {
                throw NOT_FLOAT;
            }
            if (Double.isInfinite(Strings.parseDouble(current, NOT_FLOAT))) {
                throw IncrByFloat.INFINITE_RESULT;
            }
        }
        String next = IncrByFloat.add(current, amount);
        Hashes.set(keyspace, db, key, meta, field, next);
        return Value.Bulk.of(next);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.math.BigDecimal;

/** HINCRBYFLOAT key field increment: the field's new value, with INCRBYFLOAT's arithmetic and printing. */
final class HIncrByFloat implements Command {

    private static final CommandException NOT_FLOAT = new CommandException("ERR hash value is not a float");

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        BigDecimal amount = LongDouble.parse(request.bytes(3), IncrByFloat.NOT_FLOAT);
        if (amount == null) {
            throw new CommandException("ERR value is NaN or Infinity");
        }
        byte[] key = request.bytes(1);
        byte[] field = request.bytes(2);
        int db = session.db();
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.HASH);
        byte[] frame = meta == null ? null : keyspace.element(db, key, field);
        BigDecimal current = BigDecimal.ZERO;
        if (frame != null) {
            byte[] text = Hashes.scalar(frame);
            if (text == null) {
                throw NOT_FLOAT;
            }
            current = LongDouble.parse(text, NOT_FLOAT);
        }
        String next = IncrByFloat.add(current, amount);
        Hashes.set(keyspace, db, key, meta, field, next);
        return Value.Bulk.of(next);
    }
}

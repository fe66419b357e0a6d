package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * HRANDFIELD key [count [WITHVALUES]]: a random field, or null; with a count, that many distinct
 * fields (a negative count: that many picks, which may repeat), with their values if asked: in
 * RESP3 as [field, value] pairs, otherwise flat. How fields are picked: {@link RandomPick}.
 */
final class HRandField implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        int db = session.db();
        if (request.size() == 2) {
            Keyspace.Meta meta = keyspace.collection(db, key, KeyType.HASH);
            return meta == null ? Value.Null.INSTANCE : new Value.Bulk(new RandomPick(keyspace, db, key, meta.size()).one().key());
        }
        long count = RandomPick.count(request, 2);
        boolean withValues = request.size() == 4 && request.is(3, "withvalues");
        if (request.size() > 4 || request.size() == 4 && !withValues) {
            throw CommandException.syntax();
        }
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw new CommandException("ERR value is out of range");
        }
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.HASH);
        if (meta == null || count == 0) {
            return Value.Array.EMPTY;
        }
        RandomPick pick = new RandomPick(keyspace, db, key, meta.size());
        List<RandomPick.Element> fields = count > 0 ? pick.distinct(count) : pick.repeated(-count);
        boolean pairs = session.dialect() == Dialect.RESP3;
        List<Value> reply = new ArrayList<>();
        for (RandomPick.Element e : fields) {
            Value field = new Value.Bulk(e.key());
            if (!withValues) {
                reply.add(field);
            } else if (pairs) {
                reply.add(Value.Array.of(field, Hashes.decode(e.value())));
            } else {
                reply.add(field);
                reply.add(Hashes.decode(e.value()));
            }
        }
        return new Value.Array(reply);
    }
}

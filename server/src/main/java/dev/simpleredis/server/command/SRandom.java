package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * SPOP key [count] (removes what it returns; an emptied set is deleted) and SRANDMEMBER key
 * [count] (a negative count: that many picks, which may repeat). Without a count, a member or
 * null; with one, an array (SPOP's is a set in RESP3). How members are picked: {@link RandomPick}.
 */
record SRandom(boolean pop) implements Command {

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        if (request.size() > 3) {
            throw CommandException.syntax();
        }
        byte[] key = request.bytes(1);
        int db = session.db();
        if (request.size() == 2) {
            Keyspace.Meta meta = keyspace.collection(db, key, KeyType.SET);
            if (meta == null) {
                return Value.Null.INSTANCE;
            }
            RandomPick.Element member = new RandomPick(keyspace, db, key, meta.size()).one();
            remove(keyspace, db, key, meta, List.of(member));
            return new Value.Bulk(member.key());
        }
        long count;
        if (pop) {
            CommandException notPositive = new CommandException("ERR value is out of range, must be positive");
            count = Strings.parseLong(request.bytes(2), notPositive);
            if (count < 0) {
                throw notPositive;
            }
        } else {
            count = RandomPick.count(request, 2);
        }
        Keyspace.Meta meta = keyspace.collection(db, key, KeyType.SET);
        if (meta == null || count == 0) {
            return reply(List.of());
        }
        RandomPick pick = new RandomPick(keyspace, db, key, meta.size());
        List<RandomPick.Element> members = count > 0 ? pick.distinct(count) : pick.repeated(-count);
        remove(keyspace, db, key, meta, members);
        List<Value> reply = new ArrayList<>(members.size());
        for (RandomPick.Element member : members) {
            reply.add(new Value.Bulk(member.key()));
        }
        return reply(reply);
    }

    private void remove(Keyspace keyspace, int db, byte[] key, Keyspace.Meta meta, List<RandomPick.Element> members) {
        if (!pop) {
            return;
        }
        if (members.size() == meta.size()) {
            keyspace.putCollection(db, key, meta.withSize(0));
            return;
        }
        for (RandomPick.Element member : members) {
            keyspace.deleteElement(db, key, member.key());
        }
        keyspace.putCollection(db, key, meta.withSize(meta.size() - members.size()));
    }

    private Value reply(List<Value> members) {
        return pop ? new Value.Set(members) : new Value.Array(members);
    }
}

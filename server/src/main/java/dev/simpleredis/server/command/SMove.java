package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.Arrays;

/** SMOVE source destination member: 1 when the member was moved (or is already in source = destination), else 0. */
final class SMove implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] source = request.bytes(1);
        byte[] destination = request.bytes(2);
        byte[] member = request.bytes(3);
        int db = session.db();
        Keyspace.Meta from = keyspace.collection(db, source, KeyType.SET);
        if (from == null) {
            return Value.Int.ZERO;
        }
        Keyspace.Meta to = keyspace.collection(db, destination, KeyType.SET);
        if (keyspace.element(db, source, member) == null) {
            return Value.Int.ZERO;
        }
        if (Arrays.equals(source, destination)) {
            return Value.Int.ONE;
        }
        keyspace.deleteElement(db, source, member);
        keyspace.putCollection(db, source, from.withSize(from.size() - 1));
        if (to == null || keyspace.element(db, destination, member) == null) {
            keyspace.putElement(db, destination, member, SAdd.NO_VALUE);
            Keyspace.Meta before = to == null ? Keyspace.Meta.empty(KeyType.SET) : to;
            keyspace.putCollection(db, destination, before.withSize(before.size() + 1));
        }
        return Value.Int.ONE;
    }
}

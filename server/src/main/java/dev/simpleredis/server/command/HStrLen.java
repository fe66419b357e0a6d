package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/** HSTRLEN key field: the length of the field's value, 0 when there is none. */
final class HStrLen implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = keyspace.collection(session.db(), key, KeyType.HASH);
        byte[] frame = meta == null ? null : keyspace.element(session.db(), key, request.bytes(2));
        if (frame == null) {
            return Value.Int.ZERO;
        }
        byte[] bytes = Hashes.scalar(frame);
        if (bytes == null) {
            throw Strings.wrongType();
        }
        return Value.Int.of(bytes.length);
    }
}

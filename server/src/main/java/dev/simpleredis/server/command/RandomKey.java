package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RANDOMKEY: a key of the database, or null when it is empty. Picks the first key at or after a
 * random point of the key space (wrapping around), so keys after large gaps are likelier.
 */
final class RandomKey implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] point = new byte[4];
        ThreadLocalRandom.current().nextBytes(point);
        byte[][] found = new byte[1][];
        keyspace.scanKeys(session.db(), point, (key, value) -> {
            found[0] = key;
            return false;
        });
        if (found[0] == null) {
            keyspace.scanKeys(session.db(), null, (key, value) -> {
                found[0] = key;
                return false;
            });
        }
        return found[0] == null ? Value.Null.INSTANCE : new Value.Bulk(found[0]);
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/** DEL key [key ...] (also DELETE, the seed's name): the number of keys removed. */
final class Del implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        return Value.Int.of(keyspace.delete(session.db(), keys(request, 1, 1)));
    }

    /** Arguments {@code from}, {@code from + step}, ... as keys. */
    static List<byte[]> keys(Request request, int from, int step) {
        List<byte[]> keys = new ArrayList<>((request.size() - from + step - 1) / step);
        for (int i = from; i < request.size(); i += step) {
            keys.add(request.bytes(i));
        }
        return keys;
    }
}

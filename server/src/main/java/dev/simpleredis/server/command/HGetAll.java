package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HGETALL key (a map of fields to values: a flat array in RESP2), HKEYS key and HVALS key (arrays),
 * fields in byte order.
 */
enum HGetAll implements Command {
    HGETALL, HKEYS, HVALS;

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        Keyspace.Meta meta = keyspace.collection(session.db(), key, KeyType.HASH);
        Map<Value, Value> entries = new LinkedHashMap<>();
        List<Value> items = new ArrayList<>();
        if (meta != null) {
            keyspace.scanElements(session.db(), key, null, null, (field, frame) -> {
                switch (this) {
                    case HGETALL -> entries.put(new Value.Bulk(field), Hashes.decode(frame));
                    case HKEYS -> items.add(new Value.Bulk(field));
                    case HVALS -> items.add(Hashes.decode(frame));
                }
                return true;
            });
        }
        return this == HGETALL ? new Value.Dict(entries) : new Value.Array(items);
    }
}

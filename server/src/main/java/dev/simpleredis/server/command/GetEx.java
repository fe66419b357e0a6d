package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.util.List;

/** GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST]: the value, with its expiry changed. */
final class GetEx implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        boolean persist = false;
        long expiresAt = StoredValue.NO_EXPIRY;
        if (request.size() == 3 && request.is(2, "persist")) {
            persist = true;
        } else if (request.size() == 4 && (request.is(2, "ex") || request.is(2, "px") || request.is(2, "exat") || request.is(2, "pxat"))) {
            expiresAt = Set.expiresAt(request, 2, "getex");
        } else if (request.size() != 2) {
            throw CommandException.syntax();
        }
        byte[] key = request.bytes(1);
        Value value = keyspace.get(session.db(), key);
        if (value == null) {
            return Value.Null.INSTANCE;
        }
        if (expiresAt != StoredValue.NO_EXPIRY && expiresAt <= System.currentTimeMillis()) {
            keyspace.delete(session.db(), List.of(key));
        } else if (persist || expiresAt != StoredValue.NO_EXPIRY) {
            keyspace.setExpiry(session.db(), key, expiresAt);
        }
        return value;
    }
}

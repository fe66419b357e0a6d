package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.server.Keyspace;
import java.util.List;
import java.util.Locale;

/** GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST]: the value, with its expiry changed. */
final class GetEx implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        // As for SET, an option may be repeated (the last one counts) but not mixed with another.
        String option = null;
        long expiresAt = StoredValue.NO_EXPIRY;
        for (int i = 2; i < request.size(); i++) {
            String o = request.text(i).toLowerCase(Locale.ROOT);
            boolean allowed = option == null || option.equals(o);
            if (o.equals("persist") && allowed) {
                option = o;
            } else if (Set.EXPIRY_OPTIONS.contains(o) && allowed && i + 1 < request.size()) {
                option = o;
                expiresAt = Set.expiresAt(request, i, "getex");
                i++;
            } else {
                throw CommandException.syntax();
            }
        }
        boolean persist = "persist".equals(option);
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

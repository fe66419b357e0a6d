package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.time.Instant;

/** TIME: the server's clock as Unix seconds and the microseconds within the second, both as strings. */
final class Time implements Command {
    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        Instant now = Instant.now();
        return Value.Array.of(Value.Bulk.of(Long.toString(now.getEpochSecond())),
                Value.Bulk.of(Long.toString(now.getNano() / 1000)));
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: keys in byte order, see {@link ScanCursors}. */
final class Scan implements Command {

    private final ScanCursors cursors = new ScanCursors();

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long cursor = ScanCursors.parseCursor(request, 1);
        ScanCursors.Options options = ScanCursors.Options.parse(request, 2, true);
        return cursors.page(cursor, options.count(), (from, page) -> keyspace.scanKeys(session.db(), from, (key, value) -> {
            if (options.matches(key) && (options.type() == null || options.type().equals(KeyType.of(value).typeName()))) {
                page.add(new Value.Bulk(key));
            }
            return page.visited(key);
        }));
    }
}

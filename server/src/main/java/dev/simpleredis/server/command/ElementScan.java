package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/**
 * HSCAN and SSCAN key cursor [MATCH pattern] [COUNT count]: a hash's fields and values, or a
 * set's members, in byte order; cursors as SCAN's ({@link ScanCursors}).
 */
final class ElementScan implements Command {

    private final KeyType type;
    private final ScanCursors cursors = new ScanCursors();

    ElementScan(KeyType type) {
        this.type = type;
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        long cursor = ScanCursors.parseCursor(request, 2);
        byte[] key = request.bytes(1);
        int db = session.db();
        if (keyspace.collection(db, key, type) == null) {
            return ScanCursors.empty();
        }
        ScanCursors.Options options = ScanCursors.Options.parse(request, 3, false);
        return cursors.page(cursor, options.count(), (from, page) -> keyspace.scanElements(db, key, from, null, (element, value) -> {
            if (options.matches(element)) {
                page.add(new Value.Bulk(element));
                if (type == KeyType.HASH) {
                    page.add(Hashes.decode(value));
                }
            }
            return page.visited(element);
        }));
    }
}

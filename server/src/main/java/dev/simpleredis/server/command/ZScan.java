package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]: members with their scores (as strings).
 *
 * <p>A set of up to {@link #WHOLE} members comes back whole, in score order, whatever the
 * cursor and COUNT, its scores printed as that encoding keeps them, as Redis 7.0 replies for sets
 * in its compact encoding (up to 128 members by default). A larger set is scanned in member order, a cursor standing for the last member
 * returned, so a member present for the whole scan is returned exactly once.
 */
final class ZScan implements Command {

    static final int WHOLE = 128;
    private static final byte[] MEMBERS_END = {ZSet.MEMBER + 1};

    private final ScanCursors cursors = new ScanCursors();

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        byte[] key = request.bytes(1);
        long cursor = ScanCursors.parseCursor(request, 2);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null) {
            return ScanCursors.empty();
        }
        ScanCursors.Options options = ScanCursors.Options.parse(request, 3, false);
        int db = session.db();
        if (meta.size() <= WHOLE) {
            List<Value> items = new ArrayList<>();
            ZSet.scan(keyspace, db, key, ZSet.FIRST, ZSet.END, false, e -> {
                if (options.matches(e.member())) {
                    items.add(new Value.Bulk(e.member()));
                    items.add(Scores.compactText(e.score()));
                }
                return true;
            });
            return ScanCursors.reply(0, items);
        }
        return cursors.page(cursor, options.count(), (from, page) -> keyspace.scanElements(db, key,
                from == null ? new byte[] {ZSet.MEMBER} : from, MEMBERS_END, (sub, value) -> {
                    ZSet.Entry e = ZSet.memberEntry(sub, value);
                    if (options.matches(e.member())) {
                        page.add(new Value.Bulk(e.member()));
                        page.add(Scores.text(e.score()));
                    }
                    return page.visited(sub);
                }));
    }
}

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
        long cursor = ScanCursors.parse(request, 2);
        Keyspace.Meta meta = ZSet.meta(keyspace, session, key);
        if (meta == null) {
            return ScanCursors.reply(0, List.of());
        }
        ScanCursors.Options options = ScanCursors.options(request, 3, false);
        int db = session.db();
        List<Value> items = new ArrayList<>();
        if (meta.size() <= WHOLE) {
            ZSet.scan(keyspace, db, key, ZSet.FIRST, ZSet.END, false, e -> {
                add(items, options, e.member(), Scores.compactText(e.score()));
                return true;
            });
            return ScanCursors.reply(0, items);
        }
        byte[] from = {ZSet.MEMBER};
        if (cursor != 0) {
            byte[] last = cursors.take(cursor);
            // An unknown cursor (never given, or forgotten) ends the scan, as a finished one would.
            if (last == null) {
                return ScanCursors.reply(0, items);
            }
            from = Keyspace.successor(last);
        }
        byte[][] lastSeen = new byte[1][];
        long[] examined = new long[1];
        keyspace.scanElements(db, key, from, MEMBERS_END, (sub, value) -> {
            lastSeen[0] = sub;
            ZSet.Entry e = ZSet.memberEntry(sub, value);
            add(items, options, e.member(), Scores.text(e.score()));
            return ++examined[0] < options.count();
        });
        if (examined[0] < options.count() || lastSeen[0] == null) {
            return ScanCursors.reply(0, items);
        }
        return ScanCursors.reply(cursors.save(lastSeen[0]), items);
    }

    private static void add(List<Value> items, ScanCursors.Options options, byte[] member, Value score) {
        if (options.match() == null || Glob.matches(options.match(), member)) {
            items.add(new Value.Bulk(member));
            items.add(score);
        }
    }
}

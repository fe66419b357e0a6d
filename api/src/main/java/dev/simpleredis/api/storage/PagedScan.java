package dev.simpleredis.api.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link StorageEngine#scan} run as a series of pages read in key order, each starting just
 * after the last key of the one before. An engine reads a page under its lock (or in one query)
 * and the visitor runs with nothing held, so a long scan neither blocks writers nor keeps a
 * transaction open, and it still sees every key present throughout exactly once, in order.
 */
public final class PagedScan {

    /** Reads one page. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Entries in ascending key order, from {@code start} ({@code null}: the first key;
         * inclusive or not as {@code startInclusive} says) up to but excluding {@code to}
         * ({@code null}: unbounded), at most {@code limit} of them.
         */
        Page read(byte[] start, boolean startInclusive, byte[] to, int limit);
    }

    /**
     * @param entries the page's entries, in ascending key order
     * @param last    whether the range has nothing after them; a reader may end a page early
     *                (to bound its size in bytes) by returning fewer entries and {@code false}
     */
    public record Page(List<Map.Entry<byte[], StoredValue>> entries, boolean last) {
    }

    private PagedScan() {
    }

    /** Scans {@code from <= key < to} page by page, {@code pageSize} entries at most per page. */
    public static void scan(byte[] from, byte[] to, int pageSize, Reader reader, StorageEngine.Visitor visitor) {
        if (from != null && to != null && Arrays.compareUnsigned(from, to) >= 0) {
            return;
        }
        byte[] start = from;
        boolean inclusive = true;
        while (true) {
            Page page = reader.read(start, inclusive, to, pageSize);
            for (Map.Entry<byte[], StoredValue> e : page.entries()) {
                if (!visitor.visit(e.getKey(), e.getValue())) {
                    return;
                }
            }
            if (page.last() || page.entries().isEmpty()) {
                return;
            }
            start = page.entries().getLast().getKey();
            inclusive = false;
        }
    }
}

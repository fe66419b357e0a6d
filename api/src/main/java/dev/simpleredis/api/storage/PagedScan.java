package dev.simpleredis.api.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link StorageEngine#scan} or {@link StorageEngine#scanDescending} run as a series of pages
 * read in the scan's order, each continuing just past the last key of the one before. An engine
 * reads a page under its lock (or in one query) and the visitor runs with nothing held, so a
 * long scan neither blocks writers nor keeps a transaction open, and it still sees every key
 * present throughout exactly once, in order.
 */
public final class PagedScan {

    /** Reads one page of an ascending scan; kept for engines built against version 1 of the SPI. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Entries in ascending key order, from {@code start} ({@code null}: the first key;
         * inclusive or not as {@code startInclusive} says) up to but excluding {@code to}
         * ({@code null}: unbounded), at most {@code limit} of them.
         */
        Page read(byte[] start, boolean startInclusive, byte[] to, int limit);
    }

    /** Reads one page of a scan in either direction. */
    @FunctionalInterface
    public interface TwoWayReader {
        /**
         * Entries with {@code from <= key < to} ({@code null} bounds unbounded; {@code from}
         * excluded when {@code fromInclusive} is false), at most {@code limit} of them: the first
         * ones in ascending key order or, when {@code descending}, the last ones in descending
         * key order.
         */
        Page read(byte[] from, boolean fromInclusive, byte[] to, boolean descending, int limit);
    }

    /**
     * @param entries the page's entries, in the scan's order
     * @param last    whether the range has nothing after them in that order; a reader may end a
     *                page early (to bound its size in bytes) by returning fewer entries and
     *                {@code false}
     */
    public record Page(List<Map.Entry<byte[], StoredValue>> entries, boolean last) {
    }

    private PagedScan() {
    }

    /** Scans {@code from <= key < to} in ascending order, page by page, {@code pageSize} entries at most per page. */
    public static void scan(byte[] from, byte[] to, int pageSize, Reader reader, StorageEngine.Visitor visitor) {
        scan(from, to, false, pageSize, (start, inclusive, end, descending, limit) -> reader.read(start, inclusive, end, limit),
                visitor);
    }

    /** The first page's size: most scans of a large range stop after a few entries (LIMIT, a pop). */
    private static final int FIRST_PAGE = 16;

    /**
     * Scans {@code from <= key < to} page by page: in ascending order, or from the last key down
     * when {@code descending}. Pages grow from 16 entries, four times at each page, to
     * {@code pageSize}: a visitor that stops after a few entries has read only a few.
     */
    public static void scan(byte[] from, byte[] to, boolean descending, int pageSize, TwoWayReader reader,
                            StorageEngine.Visitor visitor) {
        byte[] start = from;
        boolean startInclusive = true;
        byte[] end = to;
        int limit = Math.min(FIRST_PAGE, pageSize);
        while (start == null || end == null || Arrays.compareUnsigned(start, end) < 0) {
            Page page = reader.read(start, startInclusive, end, descending, limit);
            limit = (int) Math.min(pageSize, limit * 4L);
            for (Map.Entry<byte[], StoredValue> e : page.entries()) {
                if (!visitor.visit(e.getKey(), e.getValue())) {
                    return;
                }
            }
            if (page.last() || page.entries().isEmpty()) {
                return;
            }
            // the next page continues past the last key visited, which its bound then excludes
            byte[] lastKey = page.entries().getLast().getKey();
            if (descending) {
                end = lastKey;
            } else {
                start = lastKey;
                startInclusive = false;
            }
        }
    }
}

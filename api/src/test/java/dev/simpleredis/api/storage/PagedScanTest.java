package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagedScanTest {

    private final NavigableMap<byte[], StoredValue> map = new TreeMap<>(Arrays::compareUnsigned);
    private int reads;

    PagedScanTest() {
        for (int i = 0; i < 10; i++) {
            map.put(new byte[] {(byte) (i * 20)}, StoredValue.of(new byte[] {(byte) i}));
        }
    }

    @ParameterizedTest(name = "descending: {0}")
    @ValueSource(booleans = {false, true})
    void visitsEveryKeyOnceWhateverThePageSize(boolean descending) {
        for (int pageSize = 1; pageSize <= 11; pageSize++) {
            assertEquals(keys(inOrder(map, descending).keySet()), keys(scan(null, null, descending, pageSize, Integer.MAX_VALUE)),
                    "page size " + pageSize);
        }
    }

    @ParameterizedTest(name = "descending: {0}")
    @ValueSource(booleans = {false, true})
    void honoursBoundsAcrossPages(boolean descending) {
        byte[] from = {20};
        byte[] to = {(byte) 140};
        assertEquals(keys(inOrder(map.subMap(from, true, to, false), descending).keySet()),
                keys(scan(from, to, descending, 2, Integer.MAX_VALUE)));
        reads = 0;
        assertEquals(List.of(), keys(scan(to, from, descending, 2, Integer.MAX_VALUE)), "from after to is empty");
        assertEquals(List.of(), keys(scan(from, from, descending, 2, Integer.MAX_VALUE)), "from == to is empty");
        assertEquals(0, reads, "and reads nothing");
    }

    /** A reader may end a page early, to bound its size, without ending the scan. */
    @ParameterizedTest(name = "descending: {0}")
    @ValueSource(booleans = {false, true})
    void continuesAfterAPageEndedEarly(boolean descending) {
        assertEquals(keys(inOrder(map, descending).keySet()), keys(scan(null, null, descending, 5, 2)));
    }

    @ParameterizedTest(name = "descending: {0}")
    @ValueSource(booleans = {false, true})
    void stopsWhenTheVisitorSaysSoWithoutReadingFurther(boolean descending) {
        List<byte[]> seen = new ArrayList<>();
        PagedScan.scan(null, null, descending, 3, this::read, (k, v) -> seen.add(k) && seen.size() < 4);
        assertEquals(keys(inOrder(map, descending).keySet()).subList(0, 4), keys(seen));
        assertEquals(2, reads);
    }

    /** The ascending-only {@link PagedScan.Reader}, which engines built against the first SPI use. */
    @Test
    void anAscendingReaderScansAscending() {
        List<byte[]> seen = new ArrayList<>();
        PagedScan.scan(new byte[] {20}, null, 3, (start, inclusive, to, limit) -> read(start, inclusive, to, false, limit),
                (k, v) -> seen.add(k));
        assertEquals(keys(map.tailMap(new byte[] {20}, true).keySet()), keys(seen));
    }

    private List<byte[]> scan(byte[] from, byte[] to, boolean descending, int pageSize, int endEarlyAt) {
        List<byte[]> seen = new ArrayList<>();
        PagedScan.scan(from, to, descending, pageSize, (start, inclusive, end, down, limit) -> {
            PagedScan.Page page = read(start, inclusive, end, down, limit);
            return page.entries().size() > endEarlyAt
                    ? new PagedScan.Page(page.entries().subList(0, endEarlyAt), false)
                    : page;
        }, (k, v) -> seen.add(k));
        return seen;
    }

    private PagedScan.Page read(byte[] start, boolean inclusive, byte[] to, boolean descending, int limit) {
        reads++;
        NavigableMap<byte[], StoredValue> range = start == null ? map : map.tailMap(start, inclusive);
        if (to != null) {
            range = range.headMap(to, false);
        }
        List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>();
        for (Map.Entry<byte[], StoredValue> e : inOrder(range, descending).entrySet()) {
            if (entries.size() == limit) {
                return new PagedScan.Page(entries, false);
            }
            entries.add(e);
        }
        return new PagedScan.Page(entries, true);
    }

    private static NavigableMap<byte[], StoredValue> inOrder(NavigableMap<byte[], StoredValue> map, boolean descending) {
        return descending ? map.descendingMap() : map;
    }

    private static List<String> keys(Iterable<byte[]> keys) {
        List<String> hex = new ArrayList<>();
        keys.forEach(k -> hex.add(Arrays.toString(k)));
        return hex;
    }
}

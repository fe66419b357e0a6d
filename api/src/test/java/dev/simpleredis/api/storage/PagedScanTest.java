package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PagedScanTest {

    private final NavigableMap<byte[], StoredValue> map = new TreeMap<>(Arrays::compareUnsigned);
    private int reads;

    PagedScanTest() {
        for (int i = 0; i < 10; i++) {
            map.put(new byte[] {(byte) (i * 20)}, StoredValue.of(new byte[] {(byte) i}));
        }
    }

    @Test
    void visitsEveryKeyOnceWhateverThePageSize() {
        for (int pageSize = 1; pageSize <= 11; pageSize++) {
            assertEquals(keys(map.keySet()), keys(scan(null, null, pageSize, Integer.MAX_VALUE)), "page size " + pageSize);
        }
    }

    @Test
    void honoursBoundsAcrossPages() {
        byte[] from = {20};
        byte[] to = {(byte) 140};
        assertEquals(keys(map.subMap(from, true, to, false).keySet()), keys(scan(from, to, 2, Integer.MAX_VALUE)));
        reads = 0;
        assertEquals(List.of(), keys(scan(to, from, 2, Integer.MAX_VALUE)), "from after to is empty");
        assertEquals(0, reads, "and reads nothing");
    }

    /** A reader may end a page early, to bound its size, without ending the scan. */
    @Test
    void continuesAfterAPageEndedEarly() {
        assertEquals(keys(map.keySet()), keys(scan(null, null, 5, 2)));
    }

    @Test
    void stopsWhenTheVisitorSaysSoWithoutReadingFurther() {
        List<byte[]> seen = new ArrayList<>();
        PagedScan.scan(null, null, 3, this::read, (k, v) -> seen.add(k) && seen.size() < 4);
        assertEquals(4, seen.size());
        assertEquals(2, reads);
    }

    private List<byte[]> scan(byte[] from, byte[] to, int pageSize, int endEarlyAt) {
        List<byte[]> seen = new ArrayList<>();
        PagedScan.scan(from, to, pageSize, (start, inclusive, end, limit) -> {
            PagedScan.Page page = read(start, inclusive, end, limit);
            return page.entries().size() > endEarlyAt
                    ? new PagedScan.Page(page.entries().subList(0, endEarlyAt), false)
                    : page;
        }, (k, v) -> seen.add(k));
        return seen;
    }

    private PagedScan.Page read(byte[] start, boolean inclusive, byte[] to, int limit) {
        reads++;
        NavigableMap<byte[], StoredValue> range = start == null ? map : map.tailMap(start, inclusive);
        if (to != null) {
            range = range.headMap(to, false);
        }
        List<Map.Entry<byte[], StoredValue>> entries = new ArrayList<>();
        for (Map.Entry<byte[], StoredValue> e : range.entrySet()) {
            if (entries.size() == limit) {
                return new PagedScan.Page(entries, false);
            }
            entries.add(e);
        }
        return new PagedScan.Page(entries, true);
    }

    private static List<String> keys(Iterable<byte[]> keys) {
        List<String> hex = new ArrayList<>();
        keys.forEach(k -> hex.add(Arrays.toString(k)));
        return hex;
    }
}

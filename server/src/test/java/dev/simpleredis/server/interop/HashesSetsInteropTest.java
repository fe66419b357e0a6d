package dev.simpleredis.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Jedis (RESP2) against the real Redis and simpleredis on every engine: the hash and set commands
 * whose replies are random (HRANDFIELD, SRANDMEMBER, SPOP: sizes, membership, distinctness, and
 * some spread over a large collection) or paged (HSCAN, SSCAN: every element exactly once, also
 * while others are added). Exact replies are in {@link HashesDifferentialTest} and
 * {@link SetsDifferentialTest}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.simpleredis.server.interop.Interop#targets")
@Timeout(60)
class HashesSetsInteropTest extends JedisSuite {

    /** Past the size up to which collections are picked from uniformly, so the seeking path runs too. */
    static final int LARGE = 1000;

    /** Fields {@code field:1} .. {@code field:n} with values {@code v1} .. {@code vn}. */
    private Map<String, String> fillHash(String key, int n) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            fields.put("field:" + i, "v" + i);
        }
        Pipeline p = jedis.pipelined();
        List<String> names = new ArrayList<>(fields.keySet());
        for (int from = 0; from < names.size(); from += 100) {
            Map<String, String> batch = new HashMap<>();
            for (String f : names.subList(from, Math.min(names.size(), from + 100))) {
                batch.put(f, fields.get(f));
            }
            p.hset(key, batch);
        }
        p.sync();
        assertEquals(n, jedis.hlen(key));
        return fields;
    }

    /** Members {@code member:1} .. {@code member:n}. */
    private Set<String> fillSet(String key, int n) {
        Set<String> members = new HashSet<>();
        for (int i = 1; i <= n; i++) {
            members.add("member:" + i);
        }
        List<String> all = new ArrayList<>(members);
        Pipeline p = jedis.pipelined();
        for (int from = 0; from < all.size(); from += 100) {
            p.sadd(key, all.subList(from, Math.min(all.size(), from + 100)).toArray(String[]::new));
        }
        p.sync();
        assertEquals(n, jedis.scard(key));
        return members;
    }

    // ---- HRANDFIELD, SRANDMEMBER, SPOP ----

    @Test
    void hrandfield() {
        for (int size : new int[] {3, LARGE}) {
            String key = "h" + size;
            Map<String, String> fields = fillHash(key, size);
            assertTrue(fields.containsKey(jedis.hrandfield(key)));
            List<String> two = jedis.hrandfield(key, 2);
            assertEquals(2, two.size());
            assertEquals(2, new HashSet<>(two).size(), "a positive count gives distinct fields");
            assertTrue(fields.keySet().containsAll(two));
            List<String> many = jedis.hrandfield(key, -10);
            assertEquals(10, many.size(), "a negative count gives that many, repeating");
            assertTrue(fields.keySet().containsAll(many));
            for (Map.Entry<String, String> e : jedis.hrandfieldWithValues(key, 5)) {
                assertEquals(fields.get(e.getKey()), e.getValue());
            }
            List<Map.Entry<String, String>> repeated = jedis.hrandfieldWithValues(key, -7);
            assertEquals(7, repeated.size());
            for (Map.Entry<String, String> e : repeated) {
                assertEquals(fields.get(e.getKey()), e.getValue());
            }
            List<String> distinct = jedis.hrandfield(key, size - 1);
            assertEquals(size - 1, new HashSet<>(distinct).size());
        }
        assertEquals(Set.of("field:1", "field:2", "field:3"), new HashSet<>(jedis.hrandfield("h3", 10)));
        assertNull(jedis.hrandfield("nokey"));
        assertEquals(List.of(), jedis.hrandfield("nokey", 5));
    }

    @Test
    void srandmember() {
        for (int size : new int[] {3, LARGE}) {
            String key = "s" + size;
            Set<String> members = fillSet(key, size);
            assertTrue(members.contains(jedis.srandmember(key)));
            List<String> some = jedis.srandmember(key, 2);
            assertEquals(2, new HashSet<>(some).size());
            assertTrue(members.containsAll(some));
            List<String> repeated = jedis.srandmember(key, -(size + 5));
            assertEquals(size + 5, repeated.size(), "a negative count beyond the size still gives that many");
            assertTrue(members.containsAll(repeated));
            List<String> allButOne = jedis.srandmember(key, size - 1);
            assertEquals(size - 1, new HashSet<>(allButOne).size());
            assertTrue(members.containsAll(allButOne));
            assertEquals(members, new HashSet<>(jedis.srandmember(key, size + 1)));
            assertEquals(size, jedis.scard(key), "SRANDMEMBER removes nothing");
        }
        assertNull(jedis.srandmember("nokey"));
        assertEquals(List.of(), jedis.srandmember("nokey", -3));
    }

    /** Picks from a large collection whose members share a prefix are spread over many of them. */
    @Test
    void randomPicksSpreadOverALargeCollection() {
        fillSet("s", LARGE);
        fillHash("h", LARGE);
        Set<String> members = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            members.add(jedis.srandmember("s"));
            fields.add(jedis.hrandfield("h"));
        }
        members.addAll(jedis.srandmember("s", -300));
        assertTrue(members.size() >= 100, "300 + 300 picks found only " + members.size() + " members");
        assertTrue(fields.size() >= 50, "300 picks found only " + fields.size() + " fields");
    }

    @Test
    void spop() {
        Set<String> members = fillSet("s", 3);
        assertTrue(members.contains(jedis.spop("s")));
        assertEquals(2, jedis.scard("s"));
        Set<String> rest = jedis.spop("s", 5);
        assertEquals(2, rest.size(), "a count beyond the size pops the whole set");
        assertTrue(members.containsAll(rest));
        assertFalse(jedis.exists("s"), "an emptied set is deleted");
        assertNull(jedis.spop("s"));
        assertEquals(Set.of(), jedis.spop("s", 2));

        Set<String> large = fillSet("big", LARGE);
        Set<String> popped = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int round = 0; round < LARGE && jedis.exists("big"); round++) {
            long before = jedis.scard("big");
            if (round % 2 == 0) {
                String one = jedis.spop("big");
                order.add(one);
                assertFalse(jedis.sismember("big", one));
            } else {
                Set<String> some = jedis.spop("big", 7);
                assertEquals(Math.min(7, before), some.size());
                order.addAll(some);
            }
            assertEquals(before - (round % 2 == 0 ? 1 : Math.min(7, before)), jedis.exists("big") ? jedis.scard("big") : 0);
        }
        popped.addAll(order);
        assertEquals(order.size(), popped.size(), "no member was popped twice");
        assertEquals(large, popped, "every member was popped");
        assertFalse(jedis.exists("big"));
    }

    // ---- HSCAN, SSCAN ----

    /**
     * Every field present for the whole HSCAN is returned exactly once, with its value, though
     * new fields are added between the pages.
     */
    @Test
    void hscanReturnsEachFieldOnceWhileFieldsAreAdded() {
        Map<String, String> fields = fillHash("h", 1000);
        Map<String, Integer> seen = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int pages = 0;
        do {
            ScanResult<Map.Entry<String, String>> page = jedis.hscan("h", cursor, new ScanParams().count(50));
            for (Map.Entry<String, String> e : page.getResult()) {
                seen.merge(e.getKey(), 1, Integer::sum);
                if (fields.containsKey(e.getKey())) {
                    assertEquals(fields.get(e.getKey()), e.getValue());
                } else {
                    assertTrue(e.getKey().startsWith("added:"), "never stored: " + e.getKey());
                }
            }
            jedis.hset("h", "added:" + pages, "x");
            cursor = page.getCursor();
            pages++;
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && pages < 1000);
        assertTrue(pages > 1, "COUNT 50 pages through 1000 fields");
        for (String f : fields.keySet()) {
            assertEquals(1, seen.getOrDefault(f, 0), f + " returned " + seen.get(f) + " times");
        }
    }

    @Test
    void sscanReturnsEachMemberOnceWhileMembersAreAdded() {
        Set<String> members = fillSet("s", 1000);
        Map<String, Integer> seen = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int pages = 0;
        do {
            ScanResult<String> page = jedis.sscan("s", cursor, new ScanParams().count(50));
            for (String m : page.getResult()) {
                seen.merge(m, 1, Integer::sum);
                assertTrue(members.contains(m) || m.startsWith("added:"), "never stored: " + m);
            }
            jedis.sadd("s", "added:" + pages);
            cursor = page.getCursor();
            pages++;
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && pages < 1000);
        assertTrue(pages > 1);
        for (String m : members) {
            assertEquals(1, seen.getOrDefault(m, 0), m + " returned " + seen.get(m) + " times");
        }
    }

    @Test
    void scansWithMatch() {
        fillHash("h", 300);
        fillSet("s", 300);
        Set<String> fields = new HashSet<>();
        Set<String> members = new HashSet<>();
        String hc = ScanParams.SCAN_POINTER_START;
        String sc = ScanParams.SCAN_POINTER_START;
        for (int pages = 0; pages < 1000; pages++) {
            ScanResult<Map.Entry<String, String>> hp = jedis.hscan("h", hc, new ScanParams().match("field:1?").count(20));
            hp.getResult().forEach(e -> fields.add(e.getKey()));
            hc = hp.getCursor();
            ScanResult<String> sp = jedis.sscan("s", sc, new ScanParams().match("member:2?").count(20));
            members.addAll(sp.getResult());
            sc = sp.getCursor();
            if (hc.equals(ScanParams.SCAN_POINTER_START) && sc.equals(ScanParams.SCAN_POINTER_START)) {
                break;
            }
        }
        Set<String> expectedFields = new HashSet<>();
        Set<String> expectedMembers = new HashSet<>();
        for (int i = 10; i <= 19; i++) {
            expectedFields.add("field:" + i);
            expectedMembers.add("member:" + (i + 10));
        }
        assertEquals(expectedFields, fields);
        assertEquals(expectedMembers, members);
        assertEquals(List.of(), jedis.sscan("nokey", "0").getResult());
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.server.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random elements of a hash or a set, for HRANDFIELD, SRANDMEMBER and SPOP.
 *
 * <p>A collection of up to {@link #SMALL} elements is read whole and picked from uniformly, as
 * Redis does. A larger one is not read whole (the cost of a pick must not grow with it): a pick is
 * the first element at or after a random point of the key range the elements span, wrapping
 * around to the first element. The point is the elements' common prefix followed by random bytes
 * between the smallest and the largest byte found right after that prefix, so elements that share
 * a long prefix ({@code user:1}, {@code user:2}, ...) are still spread over. It is not uniform:
 * elements that follow a large gap in that range are likelier; and several distinct picks are a
 * run of consecutive elements (in byte order) from one such point.
 */
final class RandomPick {

    /** Collections of up to this many elements are read whole, and picked from uniformly. */
    static final int SMALL = 128;
    /** How the picks differ from Redis's, for the command table. */
    static final String NOTE = "Collections of up to " + SMALL + " elements are picked from uniformly; a larger one"
            + " is not read whole: a pick is the first element at or after a random point of the key range its"
            + " elements span, so the choice is not uniform (elements after large gaps are likelier), and distinct"
            + " picks with a count are consecutive elements in byte order from that point.";
    /** Random bytes after the prefix and the byte that follows it. */
    private static final int TAIL = 8;

    /** An element's key (field, member) and stored value. */
    record Element(byte[] key, byte[] value) {
    }

    private final Keyspace keyspace;
    private final int db;
    private final byte[] key;
    private final long size;
    private final Random random = ThreadLocalRandom.current();

    /**
     * HRANDFIELD's and SRANDMEMBER's count argument {@code i}: any long but the smallest, whose
     * negation would overflow.
     */
    static long count(Request request, int i) {
        long count = request.longArg(i);
        if (count == Long.MIN_VALUE) {
            throw new CommandException("ERR value is out of range, value must between " + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
        }
        return count;
    }

    /** Picks from collection {@code key}, which has {@code size} (at least one) elements. */
    RandomPick(Keyspace keyspace, int db, byte[] key, long size) {
        this.keyspace = keyspace;
        this.db = db;
        this.key = key;
        this.size = size;
    }

    /** {@code count} distinct elements: all of them, in byte order, when {@code count >= size}. */
    List<Element> distinct(long count) {
        if (count >= size) {
            return run(null, null, size);
        }
        if (size <= SMALL) {
            List<Element> all = run(null, null, size);
            Collections.shuffle(all, random);
            return new ArrayList<>(all.subList(0, (int) count));
        }
        byte[] point = space().point(random);
        List<Element> picked = run(point, null, count);
        if (picked.size() < count) {
            picked.addAll(run(null, point, count - picked.size()));
        }
        return picked;
    }

    /** {@code count} elements picked one by one, so an element may come more than once. */
    List<Element> repeated(long count) {
        List<Element> picked = new ArrayList<>();
        if (size <= SMALL) {
            List<Element> all = run(null, null, size);
            for (long i = 0; i < count; i++) {
                picked.add(all.get(random.nextInt(all.size())));
            }
            return picked;
        }
        Space space = space();
        for (long i = 0; i < count; i++) {
            List<Element> next = run(space.point(random), null, 1);
            picked.add(next.isEmpty() ? run(null, null, 1).getFirst() : next.getFirst());
        }
        return picked;
    }

    /** One element. */
    Element one() {
        return size <= SMALL ? repeated(1).getFirst() : distinct(1).getFirst();
    }

    /**
     * Where random points fall: after the common prefix of every element, bytes from {@code lo}
     * (the byte after the prefix in the first element) to {@code hi} (the largest one there).
     */
    private record Space(byte[] prefix, int lo, int hi) {
        byte[] point(Random random) {
            byte[] point = Arrays.copyOf(prefix, prefix.length + 1 + TAIL);
            for (int i = prefix.length; i < point.length; i++) {
                point[i] = (byte) (lo + random.nextInt(hi - lo + 1));
            }
            return point;
        }
    }

    /** Finds the space with a few seeks (binary searches), without reading the elements between. */
    private Space space() {
        byte[] first = run(null, null, 1).getFirst().key();
        int shared = 0;
        int notShared = first.length;
        while (shared < notShared) {
            int mid = (shared + notShared + 1) >>> 1;
            if (allStartWith(Arrays.copyOf(first, mid))) {
                shared = mid;
            } else {
                notShared = mid - 1;
            }
        }
        byte[] prefix = Arrays.copyOf(first, shared);
        int lo = shared < first.length ? first[shared] & 0xFF : 0;
        int hi = lo;
        int tooHigh = 256;
        while (tooHigh - hi > 1) {
            int mid = (hi + tooHigh) >>> 1;
            byte[] probe = Arrays.copyOf(prefix, prefix.length + 1);
            probe[prefix.length] = (byte) mid;
            if (run(probe, null, 1).isEmpty()) {
                tooHigh = mid;
            } else {
                hi = mid;
            }
        }
        return new Space(prefix, lo, hi);
    }

    /** Whether every element starts with {@code prefix}: none comes after the keys that do. */
    private boolean allStartWith(byte[] prefix) {
        for (byte b : prefix) {
            if (b != (byte) 0xFF) {
                return run(Keyspace.prefixEnd(prefix), null, 1).isEmpty();
            }
        }
        return true;
    }

    /** Up to {@code max} elements from {@code from} (inclusive; null = the first) to {@code to} (exclusive; null = past the last). */
    private List<Element> run(byte[] from, byte[] to, long max) {
        List<Element> elements = new ArrayList<>();
        if (max > 0) {
            keyspace.scanElements(db, key, from, to, (element, value) -> {
                elements.add(new Element(element, value));
                return elements.size() < max;
            });
        }
        return elements;
    }
}

package dev.simpleredis.server;

import java.util.Arrays;

/**
 * A byte array compared by content, for hash maps and sets of keys. Comparable (unsigned byte
 * order), so that when clients pick many keys of one hash code a HashMap keeps them in a tree
 * it can search, not in a list it must walk.
 */
record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ByteKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}

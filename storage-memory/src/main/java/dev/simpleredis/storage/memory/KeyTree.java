package dev.simpleredis.storage.memory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The memory engine's keys in unsigned byte order, for scans: a B+tree of key references only
 * (the values are in the {@link KeyTable}), so a key costs about one array slot. Not
 * thread-safe; the engine guards it with its lock, and an iterator is valid only until the tree
 * next changes.
 *
 * <p>A node holds up to {@link #MAX} keys. An inner node's {@code keys[i]} is a lower bound of
 * child {@code i}'s keys ({@code keys[0]} is the bound its parent has, or stale in the root),
 * so leaves and inner nodes split, merge and lend entries the same way. Leaves are linked both
 * ways for iteration. A full last leaf that receives a key past its end splits off just that
 * key, so keys added in ascending order (a log replay, a sequential load) fill leaves fully
 * instead of half. A node left with fewer than {@link #MIN} entries by a removal merges with a
 * sibling, or takes entries from it when both would not fit in one.
 */
final class KeyTree {

    private static final int MAX = 128;
    private static final int MIN = MAX / 4;
    private static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private static final class Node {
        final byte[][] keys = new byte[MAX][];
        /** Null in a leaf. */
        final Node[] children;
        int size;
        /** Neighbouring leaves; unused in inner nodes. */
        Node prev;
        Node next;

        Node(boolean leaf) {
            children = leaf ? null : new Node[MAX];
        }

        boolean isLeaf() {
            return children == null;
        }
    }

    private Node root = new Node(true);
    private int size;

    int size() {
        return size;
    }

    /** Adds {@code key}, which must not be in the tree. */
    void add(byte[] key) {
        Node split = insert(root, key);
        if (split != null) {
            Node top = new Node(false);
            top.children[0] = root;
            top.keys[1] = split.keys[0];
            top.children[1] = split;
            top.size = 2;
            root = top;
        }
        size++;
    }

    /** Inserts under {@code node}; returns the new right sibling if {@code node} split. */
    private Node insert(Node node, byte[] key) {
        if (node.isLeaf()) {
            int at = Arrays.binarySearch(node.keys, 0, node.size, key, ORDER);
            if (at >= 0) {
                throw new IllegalArgumentException("key already in the tree");
            }
            return insertAt(node, -at - 1, key, null);
        }
        int c = childIndex(node, key);
        Node split = insert(node.children[c], key);
        return split == null ? null : insertAt(node, c + 1, split.keys[0], split);
    }

    /** Puts the entry at {@code at}, splitting {@code node} if full; returns the new right node then. */
    private static Node insertAt(Node node, int at, byte[] key, Node child) {
        if (node.size < MAX) {
            shiftRight(node, at);
            set(node, at, key, child);
            node.size++;
            return null;
        }
        Node right = new Node(node.isLeaf());
        int keep = node.isLeaf() && node.next == null && at == MAX ? MAX : MAX / 2;
        move(node, keep, right, 0, MAX - keep);
        clear(node, keep, MAX);
        node.size = keep;
        right.size = MAX - keep;
        if (node.isLeaf()) {
            right.next = node.next;
            if (right.next != null) {
                right.next.prev = right;
            }
            right.prev = node;
            node.next = right;
        }
        Node target = at <= keep && keep < MAX ? node : right;
        int targetAt = target == node ? at : at - keep;
        shiftRight(target, targetAt);
        set(target, targetAt, key, child);
        target.size++;
        return right;
    }

    /** Removes {@code key}; returns whether it was there. */
    boolean remove(byte[] key) {
        if (!remove(root, key)) {
            return false;
        }
        while (!root.isLeaf() && root.size == 1) {
            root = root.children[0];
        }
        size--;
        return true;
    }

    private static boolean remove(Node node, byte[] key) {
        if (node.isLeaf()) {
            int at = Arrays.binarySearch(node.keys, 0, node.size, key, ORDER);
            if (at < 0) {
                return false;
            }
            shiftLeft(node, at);
            return true;
        }
        int c = childIndex(node, key);
        if (!remove(node.children[c], key)) {
            return false;
        }
        if (node.children[c].size < MIN) {
            rebalance(node, c > 0 ? c - 1 : c);
        }
        return true;
    }

    /** Merges child {@code l + 1} of {@code parent} into child {@code l}, or evens them out. */
    private static void rebalance(Node parent, int l) {
        Node left = parent.children[l];
        Node right = parent.children[l + 1];
        if (!right.isLeaf()) {
            // the parent's bound is the one that holds for right's whole subtree
            right.keys[0] = parent.keys[l + 1];
        }
        int total = left.size + right.size;
        if (total <= MAX) {
            move(right, 0, left, left.size, right.size);
            left.size = total;
            if (left.isLeaf()) {
                left.next = right.next;
                if (left.next != null) {
                    left.next.prev = left;
                }
            }
            shiftLeft(parent, l + 1);
        } else if (left.size < right.size) {
            int n = total / 2 - left.size;
            move(right, 0, left, left.size, n);
            left.size += n;
            move(right, n, right, 0, right.size - n);
            clear(right, right.size - n, right.size);
            right.size -= n;
            parent.keys[l + 1] = right.keys[0];
        } else {
            int n = total / 2 - right.size;
            move(right, 0, right, n, right.size);
            move(left, left.size - n, right, 0, n);
            clear(left, left.size - n, left.size);
            left.size -= n;
            right.size += n;
            parent.keys[l + 1] = right.keys[0];
        }
    }

    /** The child of inner {@code node} whose range holds {@code key}. */
    private static int childIndex(Node node, byte[] key) {
        int at = Arrays.binarySearch(node.keys, 1, node.size, key, ORDER);
        return at >= 0 ? at : -at - 2;
    }

    private static void set(Node node, int at, byte[] key, Node child) {
        node.keys[at] = key;
        if (child != null) {
            node.children[at] = child;
        }
    }

    private static void shiftRight(Node node, int at) {
        move(node, at, node, at + 1, node.size - at);
    }

    /** Removes entry {@code at} of {@code node}. */
    private static void shiftLeft(Node node, int at) {
        move(node, at + 1, node, at, node.size - at - 1);
        clear(node, node.size - 1, node.size);
        node.size--;
    }

    /** Copies {@code n} entries (keys, and children in an inner node); the caller clears what it moved out. */
    private static void move(Node from, int fromAt, Node to, int toAt, int n) {
        System.arraycopy(from.keys, fromAt, to.keys, toAt, n);
        if (!from.isLeaf()) {
            System.arraycopy(from.children, fromAt, to.children, toAt, n);
        }
    }

    /** Drops the references in entries {@code [start, end)} so removed keys can be collected. */
    private static void clear(Node node, int start, int end) {
        Arrays.fill(node.keys, start, end, null);
        if (!node.isLeaf()) {
            Arrays.fill(node.children, start, end, null);
        }
    }

    /** The keys from the first one {@code >= from} ({@code > from} unless inclusive; null: the first key) up. */
    Iterator<byte[]> ascending(byte[] from, boolean inclusive) {
        Node leaf = leafFor(from, false);
        int at = 0;
        if (from != null) {
            int found = Arrays.binarySearch(leaf.keys, 0, leaf.size, from, ORDER);
            at = found >= 0 ? (inclusive ? found : found + 1) : -found - 1;
        }
        return new Cursor(leaf, at, true);
    }

    /** The keys from the last one {@code <= to} ({@code < to} unless inclusive; null: the last key) down. */
    Iterator<byte[]> descending(byte[] to, boolean inclusive) {
        Node leaf = leafFor(to, true);
        int at = leaf.size - 1;
        if (to != null) {
            int found = Arrays.binarySearch(leaf.keys, 0, leaf.size, to, ORDER);
            at = found >= 0 ? (inclusive ? found : found - 1) : -found - 2;
        }
        return new Cursor(leaf, at, false);
    }

    /** The leaf whose range holds {@code key}; for a null key, the last leaf or the first. */
    private Node leafFor(byte[] key, boolean last) {
        Node node = root;
        while (!node.isLeaf()) {
            node = node.children[key != null ? childIndex(node, key) : last ? node.size - 1 : 0];
        }
        return node;
    }

    /** Walks the leaves from a position, in one direction; positions past a leaf's end continue in its neighbour. */
    private static final class Cursor implements Iterator<byte[]> {
        private final boolean up;
        private Node leaf;
        private int at;

        Cursor(Node leaf, int at, boolean up) {
            this.leaf = leaf;
            this.at = at;
            this.up = up;
            settle();
        }

        /** Moves past the ends of leaves until the position is on a key or past the last leaf. */
        private void settle() {
            while (leaf != null && (at < 0 || at >= leaf.size)) {
                leaf = up ? leaf.next : leaf.prev;
                if (leaf != null) {
                    at = up ? 0 : leaf.size - 1;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return leaf != null;
        }

        @Override
        public byte[] next() {
            if (leaf == null) {
                throw new NoSuchElementException();
            }
            byte[] key = leaf.keys[at];
            at += up ? 1 : -1;
            settle();
            return key;
        }
    }
}

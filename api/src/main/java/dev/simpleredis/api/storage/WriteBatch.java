package dev.simpleredis.api.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Puts and deletes applied together by {@link StorageEngine#write(WriteBatch)}: all or nothing. */
public final class WriteBatch {

    /** One operation of a batch. */
    public sealed interface Op {
        byte[] key();
    }

    public record Put(byte[] key, StoredValue value) implements Op {
    }

    public record Delete(byte[] key) implements Op {
    }

    private final List<Op> ops = new ArrayList<>();

    public WriteBatch put(byte[] key, StoredValue value) {
        ops.add(new Put(key, value));
        return this;
    }

    public WriteBatch delete(byte[] key) {
        ops.add(new Delete(key));
        return this;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }
}

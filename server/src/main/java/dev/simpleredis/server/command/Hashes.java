package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Dialect;
import dev.simpleredis.api.protocol.Encoder;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.server.KeyType;
import dev.simpleredis.server.Keyspace;

/**
 * What the hash commands share. A hash is one element record per field: the element key is the
 * field's bytes, the value the field's value as a codec frame, so a nested value stored in the
 * seed dialect keeps its type.
 */
final class Hashes {

    private Hashes() {
    }

    /** A field's value as stored. */
    static byte[] encode(Value value) {
        return Encoder.encode(value, Dialect.RESP3);
    }

    /** A stored field value. */
    static Value decode(byte[] frame) {
        try {
            return Decoder.decode(frame);
        } catch (ProtocolException e) {
            throw new StorageException("a stored hash value is not a valid frame: " + e.getMessage(), e);
        }
    }

    /** A stored field value as bytes, as string commands see a value; null for a nested value. */
    static byte[] scalar(byte[] frame) {
        return Strings.scalar(decode(frame));
    }

    /**
     * Sets one field of hash {@code key}, whose record is {@code meta} (null: a new hash), to a
     * string: what HINCRBY and HINCRBYFLOAT leave.
     */
    static void set(Keyspace keyspace, int db, byte[] key, Keyspace.Meta meta, byte[] field, String value) {
        boolean added = meta == null || keyspace.element(db, key, field) == null;
        keyspace.putElement(db, key, field, encode(Value.Bulk.of(value)));
        if (added) {
            Keyspace.Meta before = meta == null ? Keyspace.Meta.empty(KeyType.HASH) : meta;
            keyspace.putCollection(db, key, before.withSize(before.size() + 1));
        }
    }
}

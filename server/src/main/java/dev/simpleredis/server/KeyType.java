package dev.simpleredis.server;

import dev.simpleredis.api.storage.StoredValue;

/**
 * What a key holds, as TYPE names it. A string's record is its value as a codec frame, whose
 * first byte is a frame prefix ({@code $}, {@code *}, {@code %}, ...); a collection's record
 * starts with its {@link #code}, a control byte no frame starts with.
 */
public enum KeyType {
    STRING("string", 0),
    LIST("list", 1),
    HASH("hash", 2),
    SET("set", 3),
    ZSET("zset", 4);

    private final String typeName;
    private final byte code;

    KeyType(String typeName, int code) {
        this.typeName = typeName;
        this.code = (byte) code;
    }

    /** The name TYPE replies and SCAN TYPE takes. */
    public String typeName() {
        return typeName;
    }

    byte code() {
        return code;
    }

    /** The type of a key's stored record. */
    public static KeyType of(StoredValue stored) {
        return of(stored.value());
    }

    static KeyType of(byte[] record) {
        return record.length > 0 && record[0] >= 1 && record[0] <= 4 ? values()[record[0]] : STRING;
    }

    /** The type TYPE or SCAN TYPE names (case-insensitive), or null. */
    public static KeyType named(String name) {
        for (KeyType t : values()) {
            if (t.typeName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}

package dev.simpleredis.api.storage;

import java.util.Arrays;

/**
 * What an engine stores under a key: opaque bytes (the protocol codec's encoding of a value) and
 * an absolute expiry time. Engines keep both as given and never interpret them; the server
 * decides what an expired value means.
 *
 * @param value     the stored bytes; not copied, treat as immutable
 * @param expiresAt expiry as Unix time in milliseconds, or {@link #NO_EXPIRY}
 */
public record StoredValue(byte[] value, long expiresAt) {

    public static final long NO_EXPIRY = 0;

    public StoredValue {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (expiresAt < 0) {
            throw new IllegalArgumentException("expiresAt must be >= 0: " + expiresAt);
        }
    }

    public static StoredValue of(byte[] value) {
        return new StoredValue(value, NO_EXPIRY);
    }

    public boolean hasExpiry() {
        return expiresAt != NO_EXPIRY;
    }

    /** True when the value has an expiry at or before {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expiresAt != NO_EXPIRY && expiresAt <= nowMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredValue s && expiresAt == s.expiresAt && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(value) + Long.hashCode(expiresAt);
    }

    @Override
    public String toString() {
        return "StoredValue[" + value.length + " bytes, expiresAt=" + expiresAt + "]";
    }
}

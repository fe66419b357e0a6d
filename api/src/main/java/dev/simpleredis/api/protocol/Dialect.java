package dev.simpleredis.api.protocol;

/** How values are framed on the wire; chosen per connection. */
public enum Dialect {
    /** The seed's dialect: RESP2 framing plus {@code %} dicts, {@code ,} doubles and {@code #} booleans. */
    SEED,
    /** RESP2: dicts become flat arrays, doubles bulk strings, booleans integers. */
    RESP2,
    /** RESP3: maps, doubles, booleans and the {@code _} null. */
    RESP3
}

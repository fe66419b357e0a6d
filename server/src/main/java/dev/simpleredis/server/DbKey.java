package dev.simpleredis.server;

/** A user key of one database, as a map key (what WATCH and blocked clients wait on). */
record DbKey(int db, ByteKey key) {

    static DbKey of(int db, byte[] key) {
        return new DbKey(db, new ByteKey(key));
    }
}

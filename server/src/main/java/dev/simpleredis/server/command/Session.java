package dev.simpleredis.server.command;

import dev.simpleredis.api.protocol.Dialect;

/** One connection's state that commands read and change. */
public final class Session {

    private final long id;
    private Dialect dialect;
    private int db;
    private boolean closing;

    public Session(long id, Dialect dialect) {
        this.id = id;
        this.dialect = dialect;
    }

    public long id() {
        return id;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when replies follow the seed's conventions rather than Redis's. */
    public boolean seed() {
        return dialect == Dialect.SEED;
    }

    public int db() {
        return db;
    }

    void select(int db) {
        this.db = db;
    }

    /** Set by QUIT: the connection closes once the reply is written. */
    public boolean closing() {
        return closing;
    }

    void close() {
        closing = true;
    }
}

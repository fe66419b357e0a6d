package dev.simpleredis.api.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file channel for an engine's files that opens itself again when an interrupt closed it. A
 * thread interrupted during (or before) I/O on a {@link FileChannel} closes it for every thread,
 * for good; the server interrupts its own threads, and that must not break the store (the
 * contract kit checks it). As H2's {@code retry:} file system does, the interrupt is consumed:
 * the I/O is done again, and the thread goes on uninterrupted.
 */
public final class ReopeningChannel implements Closeable {

    /** I/O on the channel; it may run again, on a reopened channel, so it must be repeatable. */
    @FunctionalInterface
    public interface Io<T> {
        T run(FileChannel channel) throws IOException;
    }

    private static final int MAX_REOPENS = 20;

    private final Path path;
    private final boolean locked;
    private volatile FileChannel channel;
    private volatile boolean closed;

    /** Opens (creating) {@code path}; if {@code locked}, holds a lock on it against other processes. */
    public ReopeningChannel(Path path, boolean locked) throws IOException {
        this.path = path;
        this.locked = locked;
        this.channel = open();
    }

    private FileChannel open() throws IOException {
        FileChannel opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (locked && opened.tryLock() == null) {
                throw new IOException(path + " is in use by another process");
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /** Runs {@code io}, again on a reopened channel if an interrupt closed the channel meanwhile. */
    public <T> T run(Io<T> io) throws IOException {
        for (int attempt = 1; ; attempt++) {
            FileChannel used = channel;
            try {
                return io.run(used);
            } catch (ClosedChannelException e) {
                if (closed || attempt == MAX_REOPENS) {
                    throw e;
                }
                Thread.interrupted();
                reopen(used);
            }
        }
    }

    /** Forces the file's content (not its metadata beyond what reading it needs) to the disk. */
    public void force() throws IOException {
        run(c -> {
            c.force(false);
            return null;
        });
    }

    /** Only the first of the threads that saw {@code broken} fail reopens it. */
    private synchronized void reopen(FileChannel broken) throws IOException {
        if (channel == broken) {
            channel = open();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }
}

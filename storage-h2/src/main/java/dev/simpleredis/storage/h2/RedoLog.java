package dev.simpleredis.storage.h2;

import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.storage.ReopeningChannel;
import dev.simpleredis.api.storage.StoredValue;
import dev.simpleredis.api.storage.WriteBatch;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The embedded engine's redo log: every committed write, numbered, so that a sync is an append
 * and one {@code fsync} of this file instead of H2's {@code CHECKPOINT SYNC}, which writes out
 * every page the writes changed (see {@link H2StorageEngine} for how a crash is recovered).
 *
 * <p>A record is {@code length:int crc:int lsn:long ops:int op*}, where an op is {@code 'P' key
 * value expiresAt:long}, {@code 'D' key} or {@code 'R' from to} and a byte string is {@code
 * length:int bytes} ({@code -1} for an unbounded range end); the CRC-32C covers the lsn and the
 * ops. Reading stops at the first record that is torn, fails its check, or does not number on
 * from the one before it: a crash leaves only a torn tail, and a log that was emptied without
 * its emptying reaching the disk can hold an older log's records after the newer ones.
 */
final class RedoLog implements AutoCloseable {

    static final String SUFFIX = ".redo";
    private static final int HEADER = 16;

    /** One change a record makes. */
    sealed interface Op {
    }

    record Put(byte[] key, StoredValue value) implements Op {
    }

    record Delete(byte[] key) implements Op {
    }

    /** Every key in {@code [from, to)}; a null bound is unbounded. */
    record Range(byte[] from, byte[] to) implements Op {
    }

    record Entry(long lsn, List<Op> ops) {
    }

    private final Path file;
    private final ReopeningChannel channel;
    /**
     * Over the buffer and the file. One buffer is enough: records are appended one write at a
     * time, and a sync under {@code always} runs on the thread that appends.
     */
    private final ReentrantLock lock = new ReentrantLock();
    /** One record as it is built. */
    private final Record record = new Record();
    /** Records not yet in the file. */
    private final Output pending = new Output(64 * 1024);
    private long filePosition;

    private RedoLog(Path file) throws IOException {
        this.file = file;
        this.channel = new ReopeningChannel(file, false);
        this.filePosition = channel.run(c -> c.size());
    }

    /** Opens {@code file} (creating it) to append after what it holds; {@link #read} it first. */
    static RedoLog open(Path file) throws IOException {
        return new RedoLog(file);
    }

    Path file() {
        return file;
    }

    /**
     * Hands the good records of {@code file} to {@code replay} in order (none if there is no
     * file); returns how many there were.
     */
    static long read(Path file, Consumer<Entry> replay) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long size = Files.size(file);
        long count = 0;
        try (InputStream in = Files.newInputStream(file);
             DataInputStream data = new DataInputStream(new BufferedInputStream(in, 64 * 1024))) {
            long offset = 0;
            long previous = 0;
            while (size - offset >= HEADER) {
                int length = data.readInt();
                int crc = data.readInt();
                long lsn = data.readLong();
                if (length < 4 || length > size - offset - HEADER || (count > 0 && lsn != previous + 1)) {
                    break;
                }
                byte[] body = data.readNBytes(length);
                CRC32C check = new CRC32C();
                check.update(Record.longBytes(lsn));
                check.update(body);
                if ((int) check.getValue() != crc) {
                    break;
                }
                List<Op> ops = decode(body);
                if (ops == null) {
                    break;
                }
                replay.accept(new Entry(lsn, ops));
                previous = lsn;
                offset += HEADER + length;
                count++;
            }
        } catch (EOFException e) {
            // a torn tail: what came before it stands
        }
        return count;
    }

    /** The ops of a record's body, or null when they do not fill it exactly. */
    private static List<Op> decode(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int n = in.readInt();
            if (n < 1 || n > body.length) {
                return null;
            }
            List<Op> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ops.add(switch (in.readByte()) {
                    case 'P' -> {
                        byte[] key = bytes(in, false);
                        byte[] value = bytes(in, false);
                        yield new Put(key, new StoredValue(value, in.readLong()));
                    }
                    case 'D' -> new Delete(bytes(in, false));
                    case 'R' -> new Range(bytes(in, true), bytes(in, true));
                    default -> throw new IOException("unknown op");
                });
            }
            return in.available() == 0 ? ops : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] bytes(DataInputStream in, boolean nullable) throws IOException {
        int length = in.readInt();
        if (length == -1 && nullable) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new IOException("bad length");
        }
        return in.readNBytes(length);
    }

    /** Appends the record of {@code batch}; the caller appends in the order the writes committed. */
    void append(long lsn, WriteBatch batch) {
        lock.lock();
        try {
            record.start(lsn, batch.size());
            for (WriteBatch.Op op : batch.ops()) {
                switch (op) {
                    case WriteBatch.Put put -> record.put(put.key(), put.value());
                    case WriteBatch.Delete delete -> record.delete(delete.key());
                    case WriteBatch.DeleteRange range -> record.range(range.from(), range.to());
                }
            }
            record.finishInto(pending);
        } finally {
            lock.unlock();
        }
    }

    /** Appends the record of a range delete; null bounds are unbounded. */
    void appendRange(long lsn, byte[] from, byte[] to) {
        lock.lock();
        try {
            record.start(lsn, 1);
            record.range(from, to);
            record.finishInto(pending);
        } finally {
            lock.unlock();
        }
    }

    /** Hands the records appended so far to the OS, which keeps them across a crash of this process. */
    void writeOut() throws IOException {
        lock.lock();
        try {
            long from = filePosition;
            filePosition = channel.run(c -> pending.writeTo(c, from));
            pending.reset();
            pending.shrink(64 * 1024);
        } finally {
            lock.unlock();
        }
    }

    /** Writes out the records appended so far and forces them to the disk. */
    void sync() throws IOException {
        lock.lock();
        try {
            writeOut();
            channel.force();
        } finally {
            lock.unlock();
        }
    }

    /** The size of the file. */
    long size() {
        lock.lock();
        try {
            return filePosition;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Empties the log, once the database holds every record in it durably; the caller keeps
     * appends out meanwhile.
     */
    void clear() throws IOException {
        lock.lock();
        try {
            pending.reset();
            channel.run(c -> c.truncate(0));
            filePosition = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A record under construction: its header is filled in once its body is known. */
    private static final class Record {
        private byte[] buf = new byte[256];
        private int size;

        static byte[] longBytes(long v) {
            byte[] b = new byte[8];
            for (int i = 7; i >= 0; i--, v >>>= 8) {
                b[i] = (byte) v;
            }
            return b;
        }

        void start(long lsn, int ops) {
            size = 0;
            putInt(0);
            putInt(0);
            putLong(lsn);
            putInt(ops);
        }

        void put(byte[] key, StoredValue value) {
            putByte('P');
            putBytes(key);
            putBytes(value.value());
            putLong(value.expiresAt());
        }

        void delete(byte[] key) {
            putByte('D');
            putBytes(key);
        }

        void range(byte[] from, byte[] to) {
            putByte('R');
            putBytes(from);
            putBytes(to);
        }

        void finishInto(Output out) {
            CRC32C crc = new CRC32C();
            crc.update(buf, 8, size - 8);
            setInt(0, size - HEADER);
            setInt(4, (int) crc.getValue());
            out.write(buf, 0, size);
            if (buf.length > 64 * 1024) {
                buf = new byte[256];
            }
        }

        private void putByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        private void putInt(int v) {
            ensure(4);
            setInt(size, v);
            size += 4;
        }

        private void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        private void putBytes(byte[] bytes) {
            if (bytes == null) {
                putInt(-1);
                return;
            }
            putInt(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        private void setInt(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }
}

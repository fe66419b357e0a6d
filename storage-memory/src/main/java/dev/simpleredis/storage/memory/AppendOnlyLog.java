package dev.simpleredis.storage.memory;

import dev.simpleredis.api.Value;
import dev.simpleredis.api.protocol.Decoder;
import dev.simpleredis.api.protocol.Output;
import dev.simpleredis.api.protocol.ProtocolException;
import dev.simpleredis.api.storage.Durability;
import dev.simpleredis.api.storage.Fsync;
import dev.simpleredis.api.storage.ReopeningChannel;
import dev.simpleredis.api.storage.StorageException;
import dev.simpleredis.api.storage.StoredValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory engine's durability: every write appended to {@code appendonly.aof} as a protocol
 * frame ({@link LogFrames}), replayed at start, rewritten in the background when it has grown.
 *
 * <p>Appends go to an in-memory buffer under the engine's write lock, so the log's order is the
 * order in which writes were applied. {@link #awaitDurable()} writes the buffer out: under
 * {@code always} it also fsyncs, as a group commit shared by every waiting client; under
 * {@code everysec} a background thread fsyncs once a second.
 *
 * <p>Rewrite: a new log is written from the live data while clients go on; writes made meanwhile
 * are kept aside and appended to it, then it replaces the old log by rename. Records are
 * absolute (SET, DEL), so replaying a write that the snapshot already saw changes nothing, and a
 * crash at any point leaves either the complete old log or the complete new one.
 */
final class AppendOnlyLog implements AutoCloseable {

    static final String FILE_NAME = "appendonly.aof";
    private static final Logger log = LoggerFactory.getLogger(AppendOnlyLog.class);
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final Path tmp;
    private final LogSettings settings;
    private final Contents data;
    private final Lock engineWriteLock;
    private final Durability durability;
    private final ReentrantLock fileLock = new ReentrantLock();
    private final ReentrantLock bufferLock = new ReentrantLock();
    /** Records not yet written to the file; swapped with {@link #spare} to write them out. */
    private Output pending = new Output(64 * 1024);
    private Output spare = new Output(64 * 1024);
    /** Records appended since the running rewrite began, or null. */
    private Output rewriteBuffer;
    /** The log, written at {@link #filePosition}; reopened if an interrupted thread closed it. */
    private ReopeningChannel channel;
    private long filePosition;
    /** Records appended so far (under {@link #bufferLock}), and how many of them are in the file. */
    private volatile long appended;
    private long writtenOut;
    private long logSize;
    private long lastRewriteSize;
    private long liveBytes;
    private volatile Thread rewriter;

    /** The engine's live data, as a rewrite reads it while clients go on. */
    interface Contents {
        /** Every entry in key order, weakly consistent with concurrent writes. */
        Iterable<Map.Entry<byte[], StoredValue>> entries();

        long size();
    }

    private AppendOnlyLog(Path dir, Fsync fsync, LogSettings settings, Contents data,
                          Lock engineWriteLock) {
        this.file = dir.resolve(FILE_NAME);
        this.tmp = dir.resolve(FILE_NAME + ".rewrite");
        this.settings = settings;
        this.data = data;
        this.engineWriteLock = engineWriteLock;
        this.durability = new Durability(fsync, "aof", this::sync);
    }

    /**
     * Replays the log in {@code dir} into {@code replayed} and opens it for appending.
     *
     * @param data            what the engine holds once it has taken in {@code replayed}
     * @param engineWriteLock the lock under which the engine applies and records writes
     */
    static AppendOnlyLog open(Path dir, Fsync fsync, LogSettings settings, NavigableMap<byte[], StoredValue> replayed,
                              Contents data, Lock engineWriteLock) {
        AppendOnlyLog aof = new AppendOnlyLog(dir, fsync, settings, data, engineWriteLock);
        try {
            Files.deleteIfExists(aof.tmp);
            aof.replay(replayed);
            aof.channel = new ReopeningChannel(aof.file, true);
            aof.filePosition = aof.channel.run(FileChannel::size);
            aof.logSize = aof.filePosition;
            aof.lastRewriteSize = aof.logSize;
            for (Map.Entry<byte[], StoredValue> e : replayed.entrySet()) {
                aof.liveBytes += size(e.getKey(), e.getValue());
            }
            return aof;
        } catch (IOException | RuntimeException e) {
            aof.durability.close();
            throw e instanceof StorageException se ? se : new StorageException("cannot open " + aof.file + ": " + e, e);
        }
    }

    static long size(byte[] key, StoredValue value) {
        return size(key, value == null ? -1 : value.value().length);
    }

    /** {@link #size(byte[], StoredValue)} of a value of {@code valueLength} bytes (-1: none). */
    static long size(byte[] key, int valueLength) {
        return valueLength < 0 ? 0 : key.length + valueLength;
    }

    /** Appends one record; the caller holds the engine's write lock. */
    void append(Output record, long liveDelta) {
        bufferLock.lock();
        try {
            pending.write(record);
            if (rewriteBuffer != null) {
                rewriteBuffer.write(record);
            }
            logSize += record.size();
            liveBytes += liveDelta;
            appended++;
        } finally {
            bufferLock.unlock();
        }
        durability.written();
        if (rewriter == null && logSize >= settings.rewriteMinSize()
                && logSize > settings.rewriteRatio() * Math.max(liveBytes, lastRewriteSize)) {
            startRewrite();
        }
    }

    void awaitDurable() {
        if (durability.fsync() == Fsync.ALWAYS) {
            durability.awaitDurable();
        } else {
            // Every caller needs its records handed to the OS before it replies; whoever gets the
            // lock first writes everyone's, and the callers queued behind it find theirs written.
            long mine = appended;
            fileLock.lock();
            try {
                if (writtenOut < mine) {
                    writeOut();
                }
            } catch (IOException e) {
                throw new StorageException("cannot write " + file + ": " + e, e);
            } finally {
                fileLock.unlock();
            }
        }
    }

    private void sync() throws IOException {
        fileLock.lock();
        try {
            writeOut();
            channel.force();
        } finally {
            fileLock.unlock();
        }
    }

    /** Writes the pending records to the file; the caller holds {@link #fileLock}. */
    private void writeOut() throws IOException {
        Output out;
        long upTo;
        bufferLock.lock();
        try {
            out = pending;
            pending = spare;
            spare = out;
            upTo = appended;
        } finally {
            bufferLock.unlock();
        }
        long from = filePosition;
        filePosition = channel.run(c -> out.writeTo(c, from));
        out.reset();
        writtenOut = upTo;
    }

    /**
     * Starts a background rewrite unless one is running.
     *
     * @return whether this call started one
     */
    boolean startRewrite() {
        engineWriteLock.lock();
        try {
            if (rewriter != null) {
                return false;
            }
            bufferLock.lock();
            try {
                rewriteBuffer = new Output(64 * 1024);
            } finally {
                bufferLock.unlock();
            }
            rewriter = Thread.ofPlatform().name("aof-rewrite").daemon().start(this::rewrite);
            return true;
        } finally {
            engineWriteLock.unlock();
        }
    }

    /** Waits for a running rewrite to finish. */
    void awaitRewrite() throws InterruptedException {
        Thread running = rewriter;
        if (running != null) {
            running.join();
        }
    }

    private void rewrite() {
        long started = System.nanoTime();
        try {
            long snapshotSize = writeSnapshot();
            pause(LogSettings.RewriteStage.BEFORE_RENAME);
            engineWriteLock.lock();
            fileLock.lock();
            try {
                Output tail;
                bufferLock.lock();
                try {
                    tail = rewriteBuffer;
                    rewriteBuffer = null;
                    // Everything pending was either applied before the snapshot began or is in tail.
                    pending.reset();
                } finally {
                    bufferLock.unlock();
                }
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    tail.writeTo(out, out.size());
                    out.force(true);
                }
                long oldSize = logSize;
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                pause(LogSettings.RewriteStage.AFTER_RENAME);
                forceDirectory(file.getParent());
                channel.close();
                channel = new ReopeningChannel(file, true);
                filePosition = channel.run(FileChannel::size);
                bufferLock.lock();
                try {
                    logSize = filePosition;
                    lastRewriteSize = logSize;
                } finally {
                    bufferLock.unlock();
                }
                log.info("append-only log rewritten: {} bytes to {} bytes ({} from the snapshot, {} written meanwhile) in {} ms",
                        oldSize, logSize, snapshotSize, tail.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } finally {
                fileLock.unlock();
                engineWriteLock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            log.error("append-only log rewrite failed, keeping the current log: {}", e.toString());
            bufferLock.lock();
            try {
                rewriteBuffer = null;
            } finally {
                bufferLock.unlock();
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover is deleted at the next start
            }
        } finally {
            rewriter = null;
        }
    }

    /** Writes every live entry to the temporary file and forces it; returns its size. */
    private long writeSnapshot() throws IOException {
        long now = System.currentTimeMillis();
        long halfway = data.size() / 2;
        long written = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Output chunk = new Output(CHUNK + 4096);
            long position = 0;
            for (Map.Entry<byte[], StoredValue> e : data.entries()) {
                if (!e.getValue().isExpired(now)) {
                    LogFrames.set(chunk, e.getKey(), e.getValue());
                }
                if (chunk.size() >= CHUNK) {
                    position = chunk.writeTo(out, position);
                    chunk.reset();
                }
                if (++written == halfway) {
                    pause(LogSettings.RewriteStage.SNAPSHOT);
                }
            }
            position = chunk.writeTo(out, position);
            out.force(true);
            return position;
        }
    }

    /** Holds the rewrite at {@code stage} when a crash test asked for it. */
    private void pause(LogSettings.RewriteStage stage) {
        if (settings.pauseAt() == stage) {
            log.warn("append-only log rewrite paused at {} for {} ms (simpleredis.aof.test-pause-at)", stage, settings.pauseMillis());
            try {
                Thread.sleep(settings.pauseMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Replays the whole log into {@code data}; repairs or refuses a damaged one. */
    private void replay(NavigableMap<byte[], StoredValue> data) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long total = in.size();
            Decoder decoder = new Decoder(LogReader.LIMITS);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            long read = 0;
            long records = 0;
            long goodEnd = 0;
            long lastReport = System.nanoTime();
            String damage = null;
            outer:
            while (true) {
                chunk.clear();
                int n = in.read(chunk, read);
                if (n < 0) {
                    if (decoder.hasBufferedInput()) {
                        damage = "an incomplete record";
                    }
                    break;
                }
                read += n;
                decoder.feed(chunk.array(), 0, n);
                while (true) {
                    try {
                        Value frame = decoder.next();
                        if (frame == null) {
                            break;
                        }
                        LogFrames.apply(frame, data);
                        records++;
                        goodEnd = decoder.position();
                    } catch (ProtocolException | IllegalArgumentException e) {
                        damage = e.getMessage();
                        break outer;
                    }
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(3)) {
                    log.info("replaying {}: {} of {} bytes", file, read, total);
                    lastReport = System.nanoTime();
                }
            }
            if (damage != null) {
                repair(in, goodEnd, total, damage);
            }
            log.info("replayed {}: {} records, {} keys", file, records, data.size());
        }
    }

    /**
     * Truncates the log after its last good record when what follows is a torn tail, or when
     * repair is enabled; refuses to start when good records follow the damage.
     */
    private void repair(FileChannel in, long goodEnd, long total, String damage) throws IOException {
        long dropped = total - goodEnd;
        boolean inTheMiddle = LogReader.recordFollows(in, goodEnd, total);
        if (inTheMiddle && !settings.repair()) {
            throw new StorageException(file + " is corrupt at offset " + goodEnd + " (" + damage + ") and valid records follow;"
                    + " start with -Dsimpleredis.aof.repair=true to truncate it there, losing the " + dropped + " bytes after it");
        }
        in.truncate(goodEnd);
        in.force(true);
        if (inTheMiddle) {
            log.warn("{}: corrupt at offset {} ({}); truncated there as simpleredis.aof.repair=true asks, dropping {} bytes",
                    file, goodEnd, damage, dropped);
        } else {
            log.warn("{}: dropped {} bytes of a damaged tail at offset {} ({}), as after a crash mid-write", file, dropped, goodEnd, damage);
        }
    }

    @Override
    public void close() {
        try {
            awaitRewrite();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        durability.close();
        try {
            fileLock.lock();
            try {
                writeOut();
                channel.force();
                channel.close();
            } finally {
                fileLock.unlock();
            }
        } catch (IOException e) {
            throw new StorageException("cannot close " + file + ": " + e, e);
        }
    }

    /** Reading helpers for damaged logs. */
    private static final class LogReader {
        /** Records nest at most two levels (a BATCH of other records). */
        static final Decoder.Limits LIMITS = new Decoder.Limits(Integer.MAX_VALUE - 16, Integer.MAX_VALUE, 4, 64 * 1024);
        /** How far past the damage to look for intact records. */
        private static final int LOOK_AHEAD = 64 << 20;
        private static final int PROBE_WINDOW = 1 << 20;

        /**
         * Whether a complete, well-formed record starts anywhere after {@code offset}, the damaged
         * record's start. The records a torn BATCH holds whole do not count: they are its own.
         */
        static boolean recordFollows(FileChannel in, long offset, long total) throws IOException {
            int len = (int) Math.min(total - offset, LOOK_AHEAD);
            ByteBuffer rest = ByteBuffer.allocate(len);
            while (rest.hasRemaining() && in.read(rest, offset + rest.position()) > 0) {
                // read until full
            }
            byte[] bytes = rest.array();
            BitSet nested = new BitSet();
            walk(bytes, len, 0, 0, nested);
            for (int i = 1; i < len - 1; i++) {
                if (bytes[i] == '*' && bytes[i - 1] == '\n' && !nested.get(i)) {
                    Decoder probe = new Decoder(LIMITS);
                    int window = Math.min(len - i, PROBE_WINDOW);
                    probe.feed(bytes, i, window);
                    try {
                        Value frame = probe.next();
                        if (frame != null) {
                            LogFrames.apply(frame, new TreeMap<>(Arrays::compareUnsigned));
                            return true;
                        }
                        if (window < len - i) {
                            // A well-formed start of a record too large to check here: assume
                            // it is one, and refuse rather than drop it.
                            return true;
                        }
                    } catch (ProtocolException | IllegalArgumentException e) {
                        // not a record start; keep looking
                    }
                }
            }
            return false;
        }

        /**
         * Follows the frame at {@code at} as its headers say, marking in {@code nested} where the
         * arrays inside it begin; returns where it ends, or -1 where the bytes run out or stop
         * looking like a frame.
         */
        private static int walk(byte[] bytes, int len, int at, int depth, BitSet nested) {
            if (at >= len || depth > LIMITS.maxDepth()) {
                return -1;
            }
            int cr = at + 1;
            while (cr < len - 1 && !(bytes[cr] == '\r' && bytes[cr + 1] == '\n')) {
                cr++;
            }
            if (cr >= len - 1) {
                return -1;
            }
            byte type = bytes[at];
            if (type != '*' && type != '$') {
                return cr + 2; // a one-line frame
            }
            long n = 0;
            for (int i = at + 1; i < cr; i++) {
                if (bytes[i] < '0' || bytes[i] > '9' || n > Integer.MAX_VALUE) {
                    return -1;
                }
                n = n * 10 + bytes[i] - '0';
            }
            if (type == '$') {
                long end = cr + 2 + n + 2;
                return end > len ? -1 : (int) end;
            }
            if (depth > 0) {
                nested.set(at);
            }
            int next = cr + 2;
            for (long i = 0; i < n && next >= 0; i++) {
                next = walk(bytes, len, next, depth + 1, nested);
            }
            return next;
        }
    }
}

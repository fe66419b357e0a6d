package dev.simpleredis.api.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that frames are encoded into and written out from in one call. */
public final class Output {

    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;

    public Output() {
        this(1024);
    }

    public Output(int capacity) {
        buf = new byte[capacity];
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    public Output write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public Output write(byte[] bytes) {
        return write(bytes, 0, bytes.length);
    }

    public Output write(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
        return this;
    }

    public Output writeAscii(String text) {
        int len = text.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Writes {@code value} in decimal without allocating. */
    public Output writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            return write(MIN_LONG);
        }
        ensure(20);
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    public Output crlf() {
        ensure(2);
        buf[size++] = '\r';
        buf[size++] = '\n';
        return this;
    }

    /** Appends everything in {@code other}. */
    public Output write(Output other) {
        return write(other.buf, 0, other.size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /**
     * Writes what a non-blocking {@code channel} takes now and drops it from the front of the
     * buffer, keeping the rest for the next call.
     *
     * @return whether the buffer is now empty
     */
    public boolean writeSome(WritableByteChannel channel) throws IOException {
        int n = channel.write(ByteBuffer.wrap(buf, 0, size));
        System.arraycopy(buf, n, buf, 0, size - n);
        size -= n;
        return size == 0;
    }

    /** Lets go of a buffer grown past {@code capacity} once it is empty, so idle owners stay small. */
    public void shrink(int capacity) {
        if (size == 0 && buf.length > capacity) {
            buf = new byte[capacity];
        }
    }

    /** Writes the whole buffer to {@code channel} from {@code position} on; returns the position after it. */
    public long writeTo(FileChannel channel, long position) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buf, 0, size);
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        return at;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}

package dev.simpleredis.api.protocol;

import dev.simpleredis.api.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incremental frame decoder: bytes go in with {@link #feed} in pieces of any size, complete
 * frames come out of {@link #next}. Accepts RESP2, RESP3 and the seed's {@code %} dicts, and
 * inline commands ({@code PING\r\n}) at the top level.
 *
 * <p>Nested frames are parsed with an explicit stack, so depth is bounded by {@link Limits},
 * never by the thread's stack, and a partly received aggregate is never parsed twice. Lengths
 * are checked against the limits before any memory is reserved for them.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class Decoder {

    /**
     * Bounds on what one frame may claim.
     *
     * @param maxBulkLength   longest bulk string in bytes (Redis: proto-max-bulk-len)
     * @param maxElements     most elements in one array, or entries in one dict
     * @param maxDepth        deepest nesting of aggregates; a flat request has depth 1
     * @param maxInlineLength longest inline command or header line
     */
    public record Limits(long maxBulkLength, int maxElements, int maxDepth, int maxInlineLength) {
        public static final Limits DEFAULT = new Limits(512L * 1024 * 1024, 1024 * 1024, 128, 64 * 1024);
        /** For frames the server wrote itself: they were checked against the limits on the way in. */
        static final Limits UNBOUNDED_DEPTH = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 64 * 1024);

        public Limits {
            if (maxBulkLength < 0 || maxElements < 0 || maxDepth < 1 || maxInlineLength < 16) {
                throw new IllegalArgumentException("invalid limits: " + this);
            }
        }
    }

    /** An aggregate whose elements are still arriving. */
    private static final class Partial {
        final byte type;
        final long expected;
        final List<Value> items;

        Partial(byte type, long expected) {
            this.type = type;
            this.expected = expected;
            this.items = new ArrayList<>((int) Math.min(expected, 16));
        }

        Value build() {
            if (type != '%') {
                return new Value.Array(items);
            }
            Map<Value, Value> map = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i += 2) {
                map.put(items.get(i), items.get(i + 1));
            }
            return new Value.Dict(map);
        }
    }

    private static final int INITIAL_CAPACITY = 1024;
    /** A buffer grown for one big frame is dropped once that frame is consumed. */
    private static final int SHRINK_ABOVE = 1024 * 1024;

    private final Limits limits;
    private final ArrayDeque<Partial> stack = new ArrayDeque<>();
    private byte[] buf;
    private int start;
    private int end;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    /** Stream offset just after the last complete top-level frame returned. */
    private long position;
    /** Length of the bulk body being waited for, or -1. */
    private long pendingBulk = -1;
    private byte pendingType;

    public Decoder() {
        this(Limits.DEFAULT);
    }

    public Decoder(Limits limits) {
        this.limits = limits;
        this.buf = new byte[INITIAL_CAPACITY];
    }

    /**
     * Decodes one complete frame held in {@code frame}, such as a stored value, without copying
     * the array.
     *
     * @throws ProtocolException if {@code frame} is not exactly one complete frame
     */
    public static Value decode(byte[] frame) throws ProtocolException {
        Value.Bulk bulk = wholeBulk(frame);
        if (bulk != null) {
            return bulk;
        }
        Decoder decoder = new Decoder(Limits.UNBOUNDED_DEPTH, frame);
        Value value = decoder.next();
        if (value == null || decoder.hasBufferedInput()) {
            throw new ProtocolException("not exactly one frame");
        }
        return value;
    }

    /**
     * {@code frame} as a bulk string if it is exactly one, else null: what a string's stored
     * value is, and what GET reads, taken without a decoder and its stack.
     */
    private static Value.Bulk wholeBulk(byte[] frame) {
        if (frame.length < 5 || frame[0] != '$') {
            return null;
        }
        long length = 0;
        int i = 1;
        for (; i < frame.length && i <= 10 && frame[i] >= '0' && frame[i] <= '9'; i++) {
            length = length * 10 + frame[i] - '0';
        }
        int body = i + 2;
        if (i == 1 || body + length + 2 != frame.length || frame[i] != '\r' || frame[i + 1] != '\n'
                || frame[frame.length - 2] != '\r' || frame[frame.length - 1] != '\n') {
            return null;
        }
        return new Value.Bulk(Arrays.copyOfRange(frame, body, frame.length - 2));
    }

    private Decoder(Limits limits, byte[] frame) {
        this.limits = limits;
        this.buf = frame;
        this.end = frame.length;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int off, int len) {
        reserve(len);
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /**
     * Feeds, and consumes, the bytes {@code data} has left. From a direct buffer, the one a
     * socket reads into without a copy of its own, they are copied once.
     */
    public void feed(ByteBuffer data) {
        int len = data.remaining();
        reserve(len);
        data.get(buf, end, len);
        end += len;
    }

    /** Makes room for {@code len} more bytes after {@code end}. */
    private void reserve(int len) {
        if (end + len > buf.length) {
            int live = end - start;
            byte[] target = live + len > buf.length ? new byte[Math.max(buf.length * 2, live + len)] : buf;
            System.arraycopy(buf, start, target, 0, live);
            buf = target;
            base += start;
            start = 0;
            end = live;
        }
    }

    /**
     * How many bytes of the stream the frames returned so far took: the offset at which the next
     * frame starts (used to cut a log after its last complete frame).
     */
    public long position() {
        return position;
    }

    /** Bytes received but not yet returned as part of a complete frame. */
    public boolean hasBufferedInput() {
        return end > start || !stack.isEmpty() || pendingBulk >= 0;
    }

    /**
     * The next complete top-level frame, or {@code null} when more bytes are needed.
     *
     * @throws ProtocolException on malformed input or a frame over the limits; the decoder is
     *                           unusable afterwards
     */
    public Value next() throws ProtocolException {
        while (true) {
            Value value = nextScalarOrEmpty();
            if (value == null) {
                return null;
            }
            while (true) {
                Partial top = stack.peek();
                if (top == null) {
                    position = base + start;
                    if (start == end) {
                        base += start;
                        start = end = 0;
                        if (buf.length > SHRINK_ABOVE) {
                            buf = new byte[INITIAL_CAPACITY];
                        }
                    }
                    return value;
                }
                top.items.add(value);
                if (top.items.size() < top.expected) {
                    break;
                }
                stack.pop();
                value = top.build();
            }
        }
    }

    /**
     * Parses one non-aggregate value, or an empty/null aggregate; opening a non-empty aggregate
     * pushes it and goes on to its first element.
     */
    private Value nextScalarOrEmpty() throws ProtocolException {
        while (true) {
            if (pendingBulk >= 0) {
                if (end - start < pendingBulk + 2) {
                    return null;
                }
                int bodyEnd = start + (int) pendingBulk;
                if (buf[bodyEnd] != '\r' || buf[bodyEnd + 1] != '\n') {
                    throw new ProtocolException("bulk string not terminated by CRLF");
                }
                byte[] body = Arrays.copyOfRange(buf, start, bodyEnd);
                start = bodyEnd + 2;
                pendingBulk = -1;
                return switch (pendingType) {
                    case '!' -> new Value.Error(new String(body, StandardCharsets.UTF_8));
                    case '=' -> new Value.Bulk(body.length >= 4 ? Arrays.copyOfRange(body, 4, body.length) : body);
                    default -> new Value.Bulk(body);
                };
            }
            if (start == end) {
                return null;
            }
            byte type = buf[start];
            if (stack.isEmpty() && !isPrefix(type)) {
                Value inline = inline();
                if (inline == null || inline != EMPTY_LINE) {
                    return inline;
                }
                continue;
            }
            int cr = lineEnd();
            if (cr < 0) {
                return null;
            }
            int lineStart = start + 1;
            start = cr + 2;
            switch (type) {
                case '+':
                    // UTF-8, as the Encoder writes it (and as '-' is read): ASCII would mangle other text
                    return new Value.Simple(new String(buf, lineStart, cr - lineStart, StandardCharsets.UTF_8));
                case '-':
                    return new Value.Error(new String(buf, lineStart, cr - lineStart, StandardCharsets.UTF_8));
                case ':':
                    return Value.Int.of(parseLong(lineStart, cr, "invalid integer"));
                case ',':
                    return new Value.Double(parseDouble(ascii(lineStart, cr)));
                case '#':
                    if (cr - lineStart == 1 && (buf[lineStart] == 't' || buf[lineStart] == 'f')) {
                        return new Value.Bool(buf[lineStart] == 't');
                    }
                    throw new ProtocolException("invalid boolean");
                case '_':
                    if (cr != lineStart) {
                        throw new ProtocolException("invalid null");
                    }
                    return Value.Null.INSTANCE;
                case '$', '=', '!': {
                    long len = parseLong(lineStart, cr, "invalid bulk length");
                    if (len == -1 && type == '$') {
                        return Value.Null.INSTANCE;
                    }
                    if (len < 0 || len > limits.maxBulkLength() || len > Integer.MAX_VALUE - 16) {
                        throw new ProtocolException("invalid bulk length");
                    }
                    pendingBulk = len;
                    pendingType = type;
                    continue;
                }
                case '*', '%', '~', '>': {
                    long count = parseLong(lineStart, cr, "invalid multibulk length");
                    if (count == -1 && type == '*') {
                        return Value.Null.ARRAY;
                    }
                    if (count < 0 || count > limits.maxElements()) {
                        throw new ProtocolException("invalid multibulk length");
                    }
                    if (count == 0) {
                        return type == '%' ? new Value.Dict(Map.of()) : Value.Array.EMPTY;
                    }
                    if (stack.size() >= limits.maxDepth()) {
                        throw new ProtocolException("nesting deeper than " + limits.maxDepth() + " levels");
                    }
                    stack.push(new Partial(type, type == '%' ? 2 * count : count));
                    continue;
                }
                default:
                    throw new ProtocolException("unexpected frame type '" + (char) type + "'");
            }
        }
    }

    private static final Value EMPTY_LINE = new Value.Simple("");

    private static boolean isPrefix(byte b) {
        return switch (b) {
            case '+', '-', ':', ',', '#', '_', '$', '=', '!', '*', '%', '~', '>' -> true;
            default -> false;
        };
    }

    /** Index of the CR of the CRLF ending the line at {@code start}, or -1 if not yet received. */
    private int lineEnd() throws ProtocolException {
        int limit = Math.min(end, start + limits.maxInlineLength());
        for (int i = start; i < limit - 1; i++) {
            if (buf[i] == '\r') {
                if (buf[i + 1] != '\n') {
                    throw new ProtocolException("expected LF after CR");
                }
                return i;
            }
        }
        if (end - start >= limits.maxInlineLength()) {
            throw new ProtocolException("too big header line");
        }
        return -1;
    }

    /** An inline command: space-separated arguments with Redis's quoting, ended by LF. */
    private Value inline() throws ProtocolException {
        int limit = Math.min(end, start + limits.maxInlineLength());
        int lf = -1;
        for (int i = start; i < limit; i++) {
            if (buf[i] == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            if (end - start >= limits.maxInlineLength()) {
                throw new ProtocolException("too big inline request");
            }
            return null;
        }
        int lineEnd = lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
        List<Value> args = InlineParser.split(buf, start, lineEnd);
        start = lf + 1;
        if (args.isEmpty()) {
            return EMPTY_LINE;
        }
        if (args.size() > limits.maxElements()) {
            throw new ProtocolException("invalid multibulk length");
        }
        return new Value.Array(args);
    }

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.US_ASCII);
    }

    /** Parses a decimal long strictly: optional '-', digits only, no overflow. */
    private long parseLong(int from, int to, String what) throws ProtocolException {
        boolean negative = from < to && buf[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 19) {
            throw new ProtocolException(what);
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                throw new ProtocolException(what);
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new ProtocolException(what);
            }
            value = -value;
        }
        return value;
    }

    private static double parseDouble(String text) throws ProtocolException {
        return switch (text) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("invalid double");
                }
            }
        };
    }
}

package dev.simpleredis.server.interop;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2/RESP3 client of its own (independent of the server's codec), for comparing
 * replies exactly: every reply becomes a {@link Reply} whose {@code toString()} keeps the frame
 * type, so {@code +OK} and {@code $2 OK} differ, and so do {@code :1} and {@code "1"}.
 */
final class Resp implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One reply, typed. */
    record Reply(char type, String text, List<Reply> children) {

        boolean isError() {
            return type == '-' || type == '!';
        }

        /** Text of a simple string, bulk string, integer, double or error; null for a null reply. */
        String str() {
            return text;
        }

        @Override
        public String toString() {
            return switch (type) {
                case '$', '=' -> text == null ? "(nil)" : quote(text);
                case '*', '~', '>' -> children == null ? "(nil*)" : (type == '*' ? "" : String.valueOf(type)) + children;
                case '%', '|' -> {
                    StringBuilder sb = new StringBuilder(type == '|' ? "|{" : "{");
                    for (int i = 0; i < children.size(); i += 2) {
                        sb.append(i == 0 ? "" : ", ").append(children.get(i)).append('=').append(children.get(i + 1));
                    }
                    yield sb.append('}').toString();
                }
                case '_' -> "_";
                default -> type + text;
            };
        }

        static String quote(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\r' -> sb.append("\\r");
                    case '\n' -> sb.append("\\n");
                    default -> {
                        if (c < 0x20 || c >= 0x7f) {
                            sb.append(String.format("\\x%02x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }

    static byte[] encode(List<String> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    Reply call(String... args) {
        return call(List.of(args));
    }

    Reply call(List<String> args) {
        send(args);
        return read();
    }

    void send(List<String> args) {
        sendBytes(encode(args));
    }

    void sendBytes(byte[] data) {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends all commands in one write and reads all replies: a pipeline. */
    List<Reply> pipeline(List<List<String>> commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (List<String> c : commands) {
            b.writeBytes(encode(c));
        }
        sendBytes(b.toByteArray());
        List<Reply> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(read());
        }
        return replies;
    }

    Reply read() {
        try {
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply readReply() throws IOException {
        int t = in.read();
        if (t < 0) {
            throw new EOFException("connection closed by the server");
        }
        char type = (char) t;
        String line = readLine();
        return switch (type) {
            case '+', '-', ':', ',', '#', '(' -> new Reply(type, line, null);
            case '_' -> new Reply('_', null, null);
            case '$', '=', '!' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield new Reply(type, null, null);
                }
                byte[] data = in.readNBytes(n);
                readLine();
                yield new Reply(type, new String(data, StandardCharsets.UTF_8), null);
            }
            case '*', '~', '>', '%', '|' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield new Reply(type, null, null);
                }
                int count = type == '%' || type == '|' ? 2 * n : n;
                List<Reply> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                yield new Reply(type, null, items);
            }
            default -> throw new IOException("unexpected reply type '" + type + "' followed by " + line);
        };
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("CR not followed by LF");
                }
                return b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}

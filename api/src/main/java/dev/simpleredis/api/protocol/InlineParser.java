package dev.simpleredis.api.protocol;

import dev.simpleredis.api.Value;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Splits an inline command line into arguments the way Redis's {@code sdssplitargs} does. */
final class InlineParser {

    private InlineParser() {
    }

    static List<Value> split(byte[] buf, int from, int to) throws ProtocolException {
        List<Value> args = new ArrayList<>();
        int i = from;
        while (true) {
            while (i < to && isSpace(buf[i])) {
                i++;
            }
            if (i >= to) {
                return args;
            }
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= to) {
                        throw new ProtocolException("unbalanced quotes in request");
                    }
                    byte c = buf[i];
                    if (c == '\\' && i + 3 < to && buf[i + 1] == 'x' && isHex(buf[i + 2]) && isHex(buf[i + 3])) {
                        arg.write(Character.digit(buf[i + 2], 16) * 16 + Character.digit(buf[i + 3], 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < to) {
                        i++;
                        arg.write(switch (buf[i]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> buf[i];
                        });
                    } else if (c == '"') {
                        if (i + 1 < to && !isSpace(buf[i + 1])) {
                            throw new ProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    } else {
                        arg.write(c);
                    }
                } else if (inSingle) {
                    if (i >= to) {
                        throw new ProtocolException("unbalanced quotes in request");
                    }
                    byte c = buf[i];
                    if (c == '\\' && i + 1 < to && buf[i + 1] == '\'') {
                        i++;
                        arg.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < to && !isSpace(buf[i + 1])) {
                            throw new ProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    } else {
                        arg.write(c);
                    }
                } else if (i >= to || isSpace(buf[i])) {
                    done = true;
                } else if (buf[i] == '"') {
                    inDouble = true;
                } else if (buf[i] == '\'') {
                    inSingle = true;
                } else {
                    arg.write(buf[i]);
                }
                if (i < to) {
                    i++;
                }
            }
            args.add(new Value.Bulk(arg.toByteArray()));
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}

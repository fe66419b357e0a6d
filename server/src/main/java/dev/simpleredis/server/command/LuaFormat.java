package dev.simpleredis.server.command;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Numbers as C's printf writes them, for the places where scripts see Redis's Lua 5.1 text and
 * LuaJ 3.0.1 differs: {@code tostring} of a number ({@code %.14g}), a number passed to
 * {@code redis.call} ({@code %.17g}), and {@code string.format}, whose LuaJ version ignores
 * widths and precisions of floats.
 */
final class LuaFormat {

    private LuaFormat() {
    }

    /** {@code %.<precision>g}: {@code 0.1} is {@code 0.10000000000000001} at 17 digits, {@code 0.1} at 14. */
    static String g(double v, int precision) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return sign(v, "") + (Double.isNaN(v) ? "nan" : "inf");
        }
        return sign(v, "") + general(Math.abs(v), precision, false);
    }

    /** Lua 5.1's {@code string.format}: C's conversions, flags, widths and precisions. */
    static LuaString format(Varargs args) {
        LuaString fmt = args.checkstring(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(fmt.m_length + 16);
        byte[] f = fmt.m_bytes;
        int end = fmt.m_offset + fmt.m_length;
        int arg = 1;
        for (int i = fmt.m_offset; i < end; i++) {
            byte c = f[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (++i < end && f[i] == '%') {
                out.write('%');
                continue;
            }
            int start = i;
            while (i < end && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start > 5) {
                throw new LuaError("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start, StandardCharsets.US_ASCII);
            int width = 0;
            int widthDigits = 0;
            for (; i < end && Character.isDigit(f[i]); i++, widthDigits++) {
                width = width * 10 + (f[i] - '0');
            }
            int precision = -1;
            int precisionDigits = 0;
            if (i < end && f[i] == '.') {
                precision = 0;
                for (i++; i < end && Character.isDigit(f[i]); i++, precisionDigits++) {
                    precision = precision * 10 + (f[i] - '0');
                }
            }
            if (widthDigits > 2 || precisionDigits > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            char conversion = i < end ? (char) (f[i] & 0xff) : '\0';
            arg++;
            Field field = switch (conversion) {
                case 'c' -> new Field("", new byte[] {(byte) toLong(number(args, arg))}, false);
                case 'd', 'i' -> integer(toLong(number(args, arg)), 10, true, flags, precision);
                case 'o' -> integer(toLong(number(args, arg)), 8, false, flags, precision);
                case 'u' -> integer(toLong(number(args, arg)), 10, false, flags, precision);
                case 'x', 'X' -> integer(toLong(number(args, arg)), 16, false, flags, precision).upper(conversion == 'X');
                case 'e', 'E', 'f', 'F', 'g', 'G' -> floating(number(args, arg), conversion, flags, precision);
                case 'q' -> new Field("", quoted(string(args, arg)), false);
                case 's' -> {
                    byte[] s = string(args, arg);
                    yield new Field("", precision >= 0 && precision < s.length ? Arrays.copyOf(s, precision) : s, false);
                }
                default -> throw new LuaError("invalid option '%" + (conversion == '\0' ? "" : conversion) + "' to 'format'");
            };
            field.write(out, width, flags);
        }
        return LuaString.valueOf(out.toByteArray());
    }

    /** C's cast of a double to a long on x86-64: out of range (and NaN) gives the lowest long. */
    static long toLong(double v) {
        return v >= -0x1p63 && v < 0x1p63 ? (long) v : Long.MIN_VALUE;
    }

    /** A converted argument: sign and radix prefix, then the digits or text; zeros may go between. */
    private record Field(String prefix, byte[] body, boolean zeroPaddable) {
        Field upper(boolean upper) {
            return upper ? new Field(prefix.toUpperCase(Locale.ROOT), ascii(new String(body, StandardCharsets.US_ASCII)
                    .toUpperCase(Locale.ROOT)), zeroPaddable) : this;
        }

        /** Pads to {@code width}: spaces before, or after with {@code -}; zeros after the prefix with {@code 0}. */
        void write(ByteArrayOutputStream out, int width, String flags) {
            byte[] fill = new byte[Math.max(0, width - prefix.length() - body.length)];
            boolean left = flags.indexOf('-') >= 0;
            boolean zeros = !left && zeroPaddable && flags.indexOf('0') >= 0;
            Arrays.fill(fill, (byte) (zeros ? '0' : ' '));
            if (!left && !zeros) {
                out.writeBytes(fill);
            }
            out.writeBytes(ascii(prefix));
            if (zeros) {
                out.writeBytes(fill);
            }
            out.writeBytes(body);
            if (left) {
                out.writeBytes(fill);
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static double number(Varargs args, int i) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TNUMBER || (v.type() == LuaValue.TSTRING && v.tonumber().isnumber())) {
            return v.todouble();
        }
        throw argError(i, "number", args);
    }

    private static byte[] string(Varargs args, int i) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TNUMBER) {
            return ascii(g(v.todouble(), 14));
        }
        if (v.type() != LuaValue.TSTRING) {
            throw argError(i, "string", args);
        }
        LuaString s = v.checkstring();
        return Arrays.copyOfRange(s.m_bytes, s.m_offset, s.m_offset + s.m_length);
    }

    private static LuaError argError(int i, String expected, Varargs args) {
        return new LuaError("bad argument #" + i + " to 'format' ("
                + (i > args.narg() ? "no value" : expected + " expected, got " + args.arg(i).typename()) + ")");
    }

    /** {@code %d %o %u %x}: at least {@code precision} digits, the sign, the {@code #} prefix. */
    private static Field integer(long v, int radix, boolean signed, String flags, int precision) {
        String digits = signed ? (v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v)))
                : Long.toUnsignedString(v, radix);
        if (precision == 0 && v == 0) {
            digits = "";
        } else if (precision > digits.length()) {
            digits = "0".repeat(precision - digits.length()) + digits;
        }
        String prefix = signed ? sign(v < 0 ? -1 : 1, flags) : "";
        if (flags.indexOf('#') >= 0 && radix == 8 && !digits.startsWith("0")) {
            digits = "0" + digits;
        } else if (flags.indexOf('#') >= 0 && radix == 16 && v != 0) {
            prefix = "0x";
        }
        return new Field(prefix, ascii(digits), precision < 0);
    }

    /** {@code %e %f %g} and their upper-case forms. */
    private static Field floating(double v, char conversion, String flags, int precision) {
        boolean upper = Character.isUpperCase(conversion);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            String body = Double.isNaN(v) ? "nan" : "inf";
            return new Field(sign(v, flags), ascii(upper ? body.toUpperCase(Locale.ROOT) : body), false);
        }
        boolean alternate = flags.indexOf('#') >= 0;
        int p = precision < 0 ? 6 : precision;
        double abs = Math.abs(v);
        String body = switch (Character.toLowerCase(conversion)) {
            case 'e' -> exponential(abs, p, alternate);
            case 'f' -> fixed(abs, p, alternate);
            default -> general(abs, p, alternate);
        };
        return new Field(sign(v, flags), ascii(upper ? body.toUpperCase(Locale.ROOT) : body), true);
    }

    /** The sign C prints: {@code -} for negatives (and -0, and NaNs with the sign bit), else by flag. */
    private static String sign(double v, String flags) {
        return Double.doubleToRawLongBits(v) < 0 ? "-" : flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
    }

    private static String fixed(double abs, int precision, boolean alternate) {
        String s = new BigDecimal(abs).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? s + "." : s;
    }

    private static String exponential(double abs, int precision, boolean alternate) {
        String digits;
        int exponent;
        if (abs == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(abs).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
            digits = rounded.unscaledValue().toString();
            digits = digits.length() > precision + 1 ? digits.substring(0, precision + 1)
                    : digits + "0".repeat(precision + 1 - digits.length());
        }
        String e = Integer.toString(Math.abs(exponent));
        return digits.charAt(0) + (precision > 0 || alternate ? "." : "") + digits.substring(1)
                + (exponent < 0 ? "e-" : "e+") + (e.length() < 2 ? "0" + e : e);
    }

    /** {@code %g}: fixed or exponential by the exponent, trailing zeros removed unless {@code #}. */
    private static String general(double abs, int precision, boolean alternate) {
        int p = precision == 0 ? 1 : precision;
        int exponent = 0;
        if (abs != 0) {
            BigDecimal rounded = new BigDecimal(abs).round(new MathContext(p, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
        }
        String s = exponent < -4 || exponent >= p ? exponential(abs, p - 1, alternate) : fixed(abs, p - 1 - exponent, alternate);
        if (alternate) {
            return s;
        }
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** {@code %q}: a string Lua reads back as the same bytes. */
    private static byte[] quoted(byte[] s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length + 2);
        out.write('"');
        for (byte b : s) {
            switch (b) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\r' -> out.writeBytes(ascii("\\r"));
                case 0 -> out.writeBytes(ascii("\\000"));
                default -> out.write(b);
            }
        }
        out.write('"');
        return out.toByteArray();
    }
}

package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments written in Redis's notation, parsed into the argument tree that
 * {@code COMMAND DOCS} replies (and redis-cli turns into its hints).
 *
 * <p>Notation: {@code key} a placeholder, {@code NX} a literal token, {@code [ ... ]} optional,
 * {@code < ... >} required, {@code a | b} alternatives, {@code x [x ...]} one or more, and
 * {@code TOKEN placeholder} a placeholder introduced by a token. Two annotations that the
 * rendered syntax leaves out: {@code name:type} gives a placeholder's type where the name does
 * not imply it ({@code key}, {@code string}, {@code integer}, {@code double}, {@code pattern},
 * {@code unix-time}), and a word ending in {@code :} first in a group names the group
 * ({@code [condition: NX | XX]}).
 */
final class Syntax {

    /** One argument of COMMAND DOCS. */
    record Arg(String name, String type, String token, boolean optional, boolean multiple, List<Arg> children) {

        Arg withToken(String value) {
            return new Arg(name, type, value, optional, multiple, children);
        }

        Arg withOptional() {
            return new Arg(name, type, token, true, multiple, children);
        }

        Arg withMultiple() {
            return new Arg(name, type, token, optional, true, children);
        }

        Arg withName(String value) {
            return new Arg(value, type, token, optional, multiple, children);
        }

        /** The argument as COMMAND DOCS describes it. */
        Value toValue() {
            Map<Value, Value> m = new LinkedHashMap<>();
            m.put(Value.Bulk.of("name"), Value.Bulk.of(name));
            m.put(Value.Bulk.of("type"), Value.Bulk.of(type));
            if (token != null) {
                m.put(Value.Bulk.of("token"), Value.Bulk.of(token));
            }
            if (optional || multiple) {
                List<Value> flags = new ArrayList<>();
                if (optional) {
                    flags.add(new Value.Simple("optional"));
                }
                if (multiple) {
                    flags.add(new Value.Simple("multiple"));
                }
                m.put(Value.Bulk.of("flags"), new Value.Set(flags));
            }
            if (!children.isEmpty()) {
                m.put(Value.Bulk.of("arguments"), new Value.Array(children.stream().map(Arg::toValue).toList()));
            }
            return new Value.Dict(m);
        }

        /** The argument in Redis's notation, without annotations. */
        String render() {
            String body = switch (type) {
                case "oneof" -> String.join(" | ", children.stream().map(Arg::render).toList());
                case "block" -> String.join(" ", children.stream().map(Arg::render).toList());
                case "pure-token" -> token;
                default -> name;
            };
            if (type.equals("oneof") && !optional) {
                body = "<" + body + ">";
            }
            if (multiple) {
                body = body + " [" + body + " ...]";
            }
            if (token != null && !type.equals("pure-token")) {
                body = token + " " + body;
            }
            return optional ? "[" + body + "]" : body;
        }
    }

    private static final Set<String> TYPES = Set.of("key", "string", "integer", "double", "pattern", "unix-time");
    private static final Set<String> INTEGERS = Set.of("seconds", "milliseconds", "count", "cursor", "index", "index1",
            "index2", "start", "end", "offset", "increment", "decrement", "db", "destination-db", "client-id",
            "protover", "timeout", "numkeys");

    private final List<String> tokens;
    private int pos;

    private Syntax(String text) {
        tokens = tokenize(text);
    }

    /** The argument tree of {@code text}. */
    static List<Arg> parse(String text) {
        Syntax s = new Syntax(text);
        List<Arg> args = s.sequence();
        if (s.pos != s.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + s.tokens.get(s.pos) + "' in syntax: " + text);
        }
        return args;
    }

    /** {@code text} in Redis's notation, without annotations, as it is parsed. */
    static String render(String text) {
        return String.join(" ", parse(text).stream().map(Arg::render).toList());
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.isWhitespace(c) || "[]<>|".indexOf(c) >= 0) {
                if (!word.isEmpty()) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    out.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    /** Items up to a closing bracket, {@code |} or the end. */
    private List<Arg> sequence() {
        List<Arg> args = new ArrayList<>();
        while (pos < tokens.size()) {
            String t = tokens.get(pos);
            if (t.equals("]") || t.equals(">") || t.equals("|")) {
                break;
            }
            pos++;
            if (t.equals("[") && repeats(args)) {
                continue;
            }
            if (t.equals("[") || t.equals("<")) {
                args.add(group(t.equals("[") ? "]" : ">"));
            } else {
                args.add(word(t));
            }
        }
        return args;
    }

    /**
     * At {@code [x y ...]} whose words repeat the last items of {@code args}: marks them as
     * repeatable and consumes the group.
     */
    private boolean repeats(List<Arg> args) {
        int close = pos;
        while (close < tokens.size() && !tokens.get(close).equals("]")) {
            close++;
        }
        if (close >= tokens.size() || close - pos < 2 || !tokens.get(close - 1).equals("...")) {
            return false;
        }
        List<String> words = tokens.subList(pos, close - 1);
        int n = words.size();
        if (n > args.size()) {
            return false;
        }
        List<Arg> tail = args.subList(args.size() - n, args.size());
        for (int i = 0; i < n; i++) {
            if (!words.get(i).equals(tail.get(i).render()) && !words.get(i).equals(tail.get(i).name())) {
                return false;
            }
        }
        Arg repeated = n == 1 ? tail.getFirst().withMultiple()
                : new Arg(String.join("-", tail.stream().map(Arg::name).toList()), "block", null, false, true, List.copyOf(tail));
        tail.clear();
        args.add(repeated);
        pos = close + 1;
        return true;
    }

    private Arg group(String closer) {
        String label = null;
        if (pos < tokens.size() && tokens.get(pos).endsWith(":") && tokens.get(pos).length() > 1) {
            label = tokens.get(pos).substring(0, tokens.get(pos).length() - 1);
            pos++;
        }
        List<Arg> alternatives = new ArrayList<>();
        while (true) {
            alternatives.add(single(sequence()));
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException("missing '" + closer + "'");
            }
            String t = tokens.get(pos++);
            if (t.equals(closer)) {
                break;
            }
            if (!t.equals("|")) {
                throw new IllegalArgumentException("expected '" + closer + "', got '" + t + "'");
            }
        }
        Arg arg = alternatives.size() == 1 ? alternatives.getFirst()
                : new Arg(String.join("-", alternatives.stream().map(Arg::name).toList()), "oneof", null, false, false,
                        List.copyOf(alternatives));
        if (label != null) {
            arg = arg.withName(label);
        }
        return closer.equals("]") ? arg.withOptional() : arg;
    }

    /** One alternative of a group as one argument. */
    private static Arg single(List<Arg> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("empty group");
        }
        if (items.size() == 1) {
            return items.getFirst();
        }
        Arg first = items.getFirst();
        if (first.type().equals("pure-token")) {
            List<Arg> rest = items.subList(1, items.size());
            if (rest.size() == 1 && rest.getFirst().token() == null) {
                return rest.getFirst().withToken(first.token());
            }
            return new Arg(String.join("-", rest.stream().map(Arg::name).toList()), "block", first.token(), false, false,
                    List.copyOf(rest));
        }
        return new Arg(String.join("-", items.stream().map(Arg::name).toList()), "block", null, false, false,
                List.copyOf(items));
    }

    private static Arg word(String w) {
        if (w.chars().anyMatch(Character::isUpperCase) && w.chars().noneMatch(Character::isLowerCase)) {
            return new Arg(w.toLowerCase(Locale.ROOT), "pure-token", w, false, false, List.of());
        }
        int colon = w.lastIndexOf(':');
        if (colon > 0 && TYPES.contains(w.substring(colon + 1))) {
            return new Arg(w.substring(0, colon), w.substring(colon + 1), null, false, false, List.of());
        }
        String type;
        if (w.equals("key") || w.equals("newkey")) {
            type = "key";
        } else if (w.equals("pattern")) {
            type = "pattern";
        } else if (w.startsWith("unix-time")) {
            type = "unix-time";
        } else if (INTEGERS.contains(w)) {
            type = "integer";
        } else {
            type = "string";
        }
        return new Arg(w, type, null, false, false, List.of());
    }
}

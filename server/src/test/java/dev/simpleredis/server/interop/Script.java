package dev.simpleredis.server.interop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scripted command list run against two servers on one connection each, comparing replies.
 *
 * <p>One command per line, arguments split like a shell does ({@code "..."} with backslash
 * escapes, {@code '...'} literal); blank lines and lines starting with {@code #} are comments;
 * {@code !sleep MILLIS} pauses both. After {@code ##} a line may say how to compare:
 * <ul>
 * <li>{@code sorted}: an array (or SCAN's [cursor, keys]) compared as a sorted list;</li>
 * <li>{@code type}: only the reply's type (RANDOMKEY, a SCAN cursor);</li>
 * <li>{@code ~N}: integers equal within N (TTLs);</li>
 * <li>{@code mismatch: why}: a known, reported difference: not compared unless strict.</li>
 * </ul>
 */
final class Script {

    record Step(int line, String source, List<String> args, String mode, long tolerance, String mismatch) {
    }

    record Difference(Step step, Resp.Reply actual, Resp.Reply expected) {
        @Override
        public String toString() {
            return "line " + step.line + ": " + step.source + "\n    simpleredis: " + actual + "\n    redis:       " + expected;
        }
    }

    private final List<Step> steps = new ArrayList<>();

    private Script() {
    }

    static Script parse(String text) {
        Script s = new Script();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String mode = "exact";
            long tolerance = 0;
            String mismatch = null;
            int hash = line.indexOf(" ## ");
            String cmd = hash < 0 ? line : line.substring(0, hash).strip();
            if (hash >= 0) {
                String m = line.substring(hash + 4).strip();
                if (m.startsWith("mismatch:")) {
                    mismatch = m.substring("mismatch:".length()).strip();
                } else if (m.startsWith("~")) {
                    mode = "approx";
                    tolerance = Long.parseLong(m.substring(1));
                } else if (m.equals("sorted") || m.equals("type")) {
                    mode = m;
                } else {
                    throw new IllegalArgumentException("line " + (i + 1) + ": unknown marker " + m);
                }
            }
            s.steps.add(new Step(i + 1, cmd, split(cmd), mode, tolerance, mismatch));
        }
        return s;
    }

    /** Runs every step on both servers; returns the differences (empty when all replies agree). */
    List<Difference> run(int simpleredisPort, int redisPort, List<String> knownStillDifferent) {
        List<Difference> diffs = new ArrayList<>();
        try (Resp a = new Resp(simpleredisPort); Resp b = new Resp(redisPort)) {
            for (Step step : steps) {
                if (step.args.get(0).equals("!sleep")) {
                    sleep(Long.parseLong(step.args.get(1)));
                    continue;
                }
                Resp.Reply ra = a.call(step.args);
                Resp.Reply rb = b.call(step.args);
                boolean same = same(step, ra, rb);
                if (step.mismatch != null && !Interop.strict()) {
                    if (!same) {
                        knownStillDifferent.add(step.source + " (" + step.mismatch + "): simpleredis " + ra + ", redis " + rb);
                    }
                    continue;
                }
                if (!same) {
                    diffs.add(new Difference(step, ra, rb));
                }
            }
        }
        return diffs;
    }

    private static boolean same(Step step, Resp.Reply a, Resp.Reply b) {
        return switch (step.mode) {
            case "sorted" -> sorted(a).toString().equals(sorted(b).toString());
            case "type" -> a.type() == b.type() && (a.text() == null) == (b.text() == null);
            case "approx" -> a.type() == ':' && b.type() == ':'
                    && Math.abs(Long.parseLong(a.text()) - Long.parseLong(b.text())) <= step.tolerance;
            default -> a.toString().equals(b.toString());
        };
    }

    private static Resp.Reply sorted(Resp.Reply r) {
        if (r.children() == null) {
            return r;
        }
        List<Resp.Reply> items = new ArrayList<>(r.children());
        if (items.size() == 2 && items.get(1).children() != null && items.get(0).children() == null) {
            items.set(1, sorted(items.get(1))); // SCAN: [cursor, keys]
        } else {
            items.sort(Comparator.comparing(Resp.Reply::toString));
        }
        return new Resp.Reply(r.type(), r.text(), items);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Splits a line into arguments the way a shell would (enough of it for scripts). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else if (c == '"') {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length()) {
                        char e = line.charAt(++i);
                        switch (e) {
                            case 'n' -> cur.append('\n');
                            case 'r' -> cur.append('\r');
                            case 't' -> cur.append('\t');
                            case '0' -> cur.append('\0');
                            default -> cur.append(e);
                        }
                    } else {
                        cur.append(d);
                    }
                }
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unterminated quote: " + line);
                }
            } else if (c == '\'') {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote: " + line);
                }
                cur.append(line, i + 1, end);
                i = end;
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}

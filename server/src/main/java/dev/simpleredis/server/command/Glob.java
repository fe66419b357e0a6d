package dev.simpleredis.server.command;

/** Redis's glob-style patterns ({@code stringmatchlen}): {@code * ? [abc] [^a] [a-z] \x}, on bytes. */
final class Glob {

    private Glob() {
    }

    static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, 0, string, 0, 0);
    }

    private static boolean matches(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int i = si; i <= s.length; i++) {
                        if (matches(p, pi + 1, s, i, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean match = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            match |= p[pi] == s[si];
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int lo = p[pi] & 0xFF;
                            int hi = p[pi + 2] & 0xFF;
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            int c = s[si] & 0xFF;
                            match |= c >= lo && c <= hi;
                            pi += 2;
                        } else {
                            match |= p[pi] == s[si];
                        }
                        pi++;
                    }
                    if (not == match) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length;
    }

    /** The literal bytes every match starts with, so a scan can skip straight to them. */
    static byte[] literalPrefix(byte[] pattern) {
        int n = 0;
        while (n < pattern.length && "*?[\\".indexOf(pattern[n]) < 0) {
            n++;
        }
        return java.util.Arrays.copyOf(pattern, n);
    }
}

package dev.simpleredis.api.protocol;

import dev.simpleredis.api.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Test helpers: short failure messages for big values. */
final class Values {

    private Values() {
    }

    /** Fails with the path to the first difference, not two pages of toString. */
    static void assertSame(Value expected, Value actual, String where) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(where + ": " + firstDifference("$", expected, actual));
        }
    }

    static void assertSameList(List<Value> expected, List<Value> actual, String where) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertSame(expected.get(i), actual.get(i), where + " frame " + i);
        }
        if (expected.size() != actual.size()) {
            throw new AssertionError(where + ": expected " + expected.size() + " frames, got " + actual.size());
        }
    }

    static String firstDifference(String path, Value a, Value b) {
        if (a instanceof Value.Array x && b instanceof Value.Array y) {
            for (int i = 0; i < Math.min(x.items().size(), y.items().size()); i++) {
                if (!Objects.equals(x.items().get(i), y.items().get(i))) {
                    return firstDifference(path + "[" + i + "]", x.items().get(i), y.items().get(i));
                }
            }
            return path + ": array of " + x.items().size() + " vs " + y.items().size();
        }
        if (a instanceof Value.Dict x && b instanceof Value.Dict y) {
            List<Map.Entry<Value, Value>> xs = new ArrayList<>(x.entries().entrySet());
            List<Map.Entry<Value, Value>> ys = new ArrayList<>(y.entries().entrySet());
            for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
                if (!Objects.equals(xs.get(i).getKey(), ys.get(i).getKey())) {
                    return firstDifference(path + "{key " + i + "}", xs.get(i).getKey(), ys.get(i).getKey());
                }
                if (!Objects.equals(xs.get(i).getValue(), ys.get(i).getValue())) {
                    return firstDifference(path + "{value " + i + "}", xs.get(i).getValue(), ys.get(i).getValue());
                }
            }
            return path + ": dict of " + xs.size() + " vs " + ys.size();
        }
        return path + ": expected " + shortly(a) + " but was " + shortly(b);
    }

    static String shortly(Value v) {
        String s = v instanceof Value.Bulk b ? "Bulk" + java.util.Arrays.toString(b.bytes()) : String.valueOf(v);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

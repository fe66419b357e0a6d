package dev.simpleredis.api.client;

import dev.simpleredis.api.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between Java objects and protocol values for the {@link Client}. */
final class Values {

    private Values() {
    }

    static Value toValue(Object o) {
        return switch (o) {
            case null -> Value.Null.INSTANCE;
            case Value v -> v;
            case String s -> Value.Bulk.of(s);
            case byte[] b -> new Value.Bulk(b);
            case Long l -> Value.Int.of(l);
            case Integer i -> Value.Int.of(i);
            case Short s -> Value.Int.of(s);
            case Byte b -> Value.Int.of(b);
            case Double d -> new Value.Double(d);
            case Float f -> new Value.Double(f);
            case Boolean b -> new Value.Bool(b);
            case List<?> list -> new Value.Array(list.stream().map(Values::toValue).toList());
            case Map<?, ?> map -> {
                Map<Value, Value> entries = new LinkedHashMap<>();
                map.forEach((k, v) -> entries.put(toValue(k), toValue(v)));
                yield new Value.Dict(entries);
            }
            default -> throw new IllegalArgumentException("cannot send a " + o.getClass().getName()
                    + ": use String, byte[], Long, Integer, Double, Boolean, List, Map or null");
        };
    }

    /** Bulk strings become UTF-8 Strings; errors come back as {@link ServerException}s, not thrown. */
    static Object toJava(Value v) {
        return switch (v) {
            case Value.Bulk b -> new String(b.bytes(), StandardCharsets.UTF_8);
            case Value.Simple s -> s.text();
            case Value.Error e -> new ServerException(e.text());
            case Value.Int i -> i.value();
            case Value.Double d -> d.value();
            case Value.Bool b -> b.value();
            case Value.Null n -> null;
            case Value.Array a -> {
                List<Object> list = new ArrayList<>(a.items().size());
                for (Value item : a.items()) {
                    list.add(toJava(item));
                }
                yield list;
            }
            case Value.Set s -> {
                List<Object> list = new ArrayList<>(s.items().size());
                for (Value item : s.items()) {
                    list.add(toJava(item));
                }
                yield list;
            }
            case Value.Verbatim t -> t.text();
            case Value.Dict d -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                d.entries().forEach((k, val) -> map.put(toJava(k), toJava(val)));
                yield map;
            }
        };
    }

    static Object orThrow(Object result) {
        if (result instanceof ServerException e) {
            throw new ServerException(e.getMessage());
        }
        return result;
    }
}

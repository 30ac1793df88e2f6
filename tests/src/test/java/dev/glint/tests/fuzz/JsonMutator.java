package dev.glint.tests.fuzz;

import dev.glint.ir.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes damaged copies of a JSON document. Text-level kinds change characters; the others parse the
 * original once and damage a copy of its tree, written back by a small writer of its own that can emit
 * text no valid tree holds (NaN, {@code 1e999}, duplicate keys, deep nesting).
 */
final class JsonMutator {
    private static final String[] NUMBERS = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "-0",
        "0", "-1", "0.5", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "123456789012345678901234567890", "1e30", "-1e30", "3.4e38", "1.5", "1.", ".5",
        "01", "1e", "--1", "1e+", "4096", "1048577"};
    private static final String[] OTHER_VALUES = {"\"text\"", "\"\"", "true", "false", "null", "[]", "{}", "[1, 2]",
        "{\"a\": 1}", "0"};
    private static final String STRUCTURAL = ",:{}[]\"";
    /** Just above the largest histogram a profile may hold (2^20 bins), and even. */
    private static final int HUGE_ARRAY = (1 << 20) + 2;

    /** A piece of JSON text written as is. */
    private record Raw(String text) {}

    /**
     * Stored under {@link #DOUBLED} in an object: the writer writes {@code key} a second time, with
     * {@code value}.
     */
    private record Doubled(String key, Object value) {}

    /** A key no real document uses, marking an object whose key is to be doubled. */
    private static final String DOUBLED = "\u0001doubled";

    private final String original;
    private final Object tree;

    JsonMutator(String original) {
        this.original = original;
        this.tree = Json.parse(original, "original");
    }

    /** A damaged copy; {@code random} decides where and how. */
    String mutate(JsonMutation kind, Random random) {
        return switch (kind) {
            case TRUNCATE -> original.substring(0, random.nextInt(original.length()));
            case CHAR_FLIP -> flipChars(random);
            case BAD_SYNTAX -> dropStructural(random);
            default -> write(mutateTree(kind, random));
        };
    }

    private String flipChars(Random random) {
        StringBuilder sb = new StringBuilder(original);
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            String pool = "0123456789-+.eE\"\\,:{}[]aNt \u0000\u00e9";
            sb.setCharAt(random.nextInt(sb.length()), pool.charAt(random.nextInt(pool.length())));
        }
        return sb.toString();
    }

    private String dropStructural(Random random) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < original.length(); i++) {
            if (STRUCTURAL.indexOf(original.charAt(i)) >= 0) {
                at.add(i);
            }
        }
        int i = at.get(random.nextInt(at.size()));
        return original.substring(0, i) + original.substring(i + 1);
    }

    private Object mutateTree(JsonMutation kind, Random random) {
        Object copy = deepCopy(tree);
        List<Slot> slots = new ArrayList<>();
        collect(copy, slots);
        Slot s = slots.get(random.nextInt(slots.size()));
        switch (kind) {
            case DELETE_KEY -> {
                List<Slot> keyed = slots.stream().filter(x -> x.key != null).toList();
                Slot k = keyed.get(random.nextInt(keyed.size()));
                k.object.remove(k.key);
            }
            case WRONG_TYPE -> s.set(new Raw(OTHER_VALUES[random.nextInt(OTHER_VALUES.length)]));
            case FORGE_NUMBER -> {
                List<Slot> numbers = slots.stream().filter(x -> x.get() instanceof Number).toList();
                Slot n = numbers.isEmpty() ? s : numbers.get(random.nextInt(numbers.size()));
                n.set(new Raw(NUMBERS[random.nextInt(NUMBERS.length)]));
            }
            case DEEP_NESTING -> {
                int depth = new int[] {300, 5_000, 100_000, 400_000}[random.nextInt(4)];
                String open = random.nextBoolean() ? "[" : "{\"k\":";
                String close = open.equals("[") ? "]" : "}";
                s.set(new Raw(open.repeat(depth) + "1" + close.repeat(depth)));
            }
            case RESIZE_ARRAY -> {
                List<Slot> arrays = slots.stream().filter(x -> x.get() instanceof List).toList();
                Slot a = arrays.isEmpty() ? s : arrays.get(random.nextInt(arrays.size()));
                a.set(resized(a.get() instanceof List<?> l ? l : List.of(), random));
            }
            case DUPLICATE_KEY -> {
                List<Slot> keyed = slots.stream().filter(x -> x.key != null).toList();
                Slot k = keyed.get(random.nextInt(keyed.size()));
                k.object.put(DOUBLED, new Doubled(k.key, new Raw(OTHER_VALUES[random.nextInt(OTHER_VALUES.length)])));
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return copy;
    }

    /**
     * The array emptied, one shorter, one or two longer, or (rarely: parsing a million numbers is slow)
     * longer than any histogram may be.
     */
    private static Object resized(List<?> l, Random random) {
        int variant = random.nextInt(32);
        if (variant == 31) {
            // Written directly: a list of a million elements would dominate the campaign's time.
            return new Raw("[" + "1,".repeat(HUGE_ARRAY - 1) + "1]");
        }
        List<Object> r = new ArrayList<>(l);
        Object fill = r.isEmpty() ? 1L : r.get(0);
        switch (variant % 4) {
            case 0 -> r.clear();
            case 1 -> {
                if (!r.isEmpty()) {
                    r.remove(r.size() - 1);
                }
            }
            case 2 -> r.add(fill);
            default -> {
                r.add(fill);
                r.add(fill);
            }
        }
        return r;
    }

    /** A place in the tree that holds a value: an object's key or an array's index. */
    private static final class Slot {
        final Map<String, Object> object;
        final String key;
        final List<Object> list;
        final int index;

        Slot(Map<String, Object> object, String key, List<Object> list, int index) {
            this.object = object;
            this.key = key;
            this.list = list;
            this.index = index;
        }

        Object get() {
            return object != null ? object.get(key) : list.get(index);
        }

        void set(Object v) {
            if (object != null) {
                object.put(key, v);
            } else {
                list.set(index, v);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object v, List<Slot> slots) {
        if (v instanceof Map<?, ?> m) {
            for (String k : new ArrayList<>(((Map<String, Object>) m).keySet())) {
                slots.add(new Slot((Map<String, Object>) m, k, null, -1));
                collect(m.get(k), slots);
            }
        } else if (v instanceof List<?> l) {
            // Long arrays (histogram counts) contribute a few elements, so values and keys stay likely picks.
            for (int i = 0; i < Math.min(l.size(), 4); i++) {
                slots.add(new Slot(null, null, (List<Object>) l, i));
                collect(l.get(i), slots);
            }
        }
    }

    private static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, x) -> c.put((String) k, deepCopy(x)));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            l.forEach(x -> c.add(deepCopy(x)));
            return c;
        }
        return v;
    }

    private static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v instanceof Raw r) {
            sb.append(r.text());
        } else if (v instanceof Map<?, ?> m) {
            Object marker = m.get(DOUBLED);
            writeObject(sb, m, marker instanceof Doubled d ? d : null);
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? "," : "");
                write(sb, l.get(i));
            }
            sb.append(']');
        } else {
            sb.append(Json.write(v));
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> m, Doubled doubled) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey().equals(DOUBLED)) {
                continue;
            }
            sb.append(first ? "" : ",").append(Json.write(e.getKey())).append(':');
            write(sb, e.getValue());
            first = false;
            if (doubled != null && e.getKey().equals(doubled.key())) {
                sb.append(',').append(Json.write(e.getKey())).append(':');
                write(sb, doubled.value());
            }
        }
        sb.append('}');
    }
}

package dev.glint.ir;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Immutable, name-sorted node attributes. Values are {@code Long}, {@code Float}, {@code String},
 * {@code long[]}, {@code float[]} or {@code String[]}. Sorting by name makes the textual IR canonical.
 */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(new TreeMap<>());

    private final TreeMap<String, Object> values;

    private Attributes(TreeMap<String, Object> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(new TreeMap<>());
    }

    /** A builder starting from these attributes. */
    public Builder toBuilder() {
        return new Builder(new TreeMap<>(values));
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public long getInt(String name, long dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw bad(name, "an integer", v);
    }

    public long getInt(String name) {
        if (!has(name)) {
            throw new GlintException("missing integer attribute '" + name + "'");
        }
        return getInt(name, 0);
    }

    public float getFloat(String name, float dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Float f) {
            return f;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw bad(name, "a float", v);
    }

    public String getString(String name, String dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw bad(name, "a string", v);
    }

    /** An integer list; null when absent and {@code dflt} is null. Returns a copy. */
    public long[] getInts(String name, long[] dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt == null ? null : dflt.clone();
        }
        if (v instanceof long[] a) {
            return a.clone();
        }
        if (v instanceof float[] f && f.length == 0) {
            return new long[0];
        }
        throw bad(name, "an integer list", v);
    }

    /** {@link #getInts} converted to {@code int[]}. */
    public int[] getIntArray(String name, int[] dflt) {
        long[] v = getInts(name, null);
        if (v == null) {
            return dflt == null ? null : dflt.clone();
        }
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw new GlintException("attribute '" + name + "' value " + v[i] + " is out of range");
            }
            r[i] = (int) v[i];
        }
        return r;
    }

    public float[] getFloats(String name, float[] dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt == null ? null : dflt.clone();
        }
        if (v instanceof float[] a) {
            return a.clone();
        }
        if (v instanceof long[] l) {
            float[] r = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                r[i] = l[i];
            }
            return r;
        }
        throw bad(name, "a float list", v);
    }

    private static GlintException bad(String name, String want, Object got) {
        return new GlintException("attribute '" + name + "' must be " + want + ", got " + render(got));
    }

    /** Renders one value in the textual IR syntax. */
    public static String render(Object v) {
        if (v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Float f) {
            return renderFloat(f);
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof long[] a) {
            return Arrays.toString(a).replace(" ", "");
        }
        if (v instanceof float[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? "," : "").append(renderFloat(a[i]));
            }
            return sb.append(']').toString();
        }
        if (v instanceof String[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? "," : "").append(quote(a[i]));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** A float that reads back bit-exactly and is never confused with an integer. */
    public static String renderFloat(float f) {
        if (Float.isNaN(f)) {
            return "nan";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        return Float.toString(f);
    }

    /** Double-quoted string with backslash escapes for quote, backslash and control characters. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Attributes a) || !a.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), a.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(render(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** Builds {@link Attributes}. */
    public static final class Builder {
        private final TreeMap<String, Object> values;

        private Builder(TreeMap<String, Object> values) {
            this.values = values;
        }

        public Builder put(String name, long v) {
            values.put(name, v);
            return this;
        }

        public Builder put(String name, float v) {
            values.put(name, v);
            return this;
        }

        public Builder put(String name, String v) {
            values.put(name, v);
            return this;
        }

        public Builder put(String name, long[] v) {
            values.put(name, v.clone());
            return this;
        }

        public Builder put(String name, int[] v) {
            long[] l = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                l[i] = v[i];
            }
            values.put(name, l);
            return this;
        }

        public Builder put(String name, float[] v) {
            values.put(name, v.clone());
            return this;
        }

        public Builder put(String name, String[] v) {
            values.put(name, v.clone());
            return this;
        }

        /** Puts a value of any supported type (used by parsers). */
        public Builder putObject(String name, Object v) {
            if (!(v instanceof Long || v instanceof Float || v instanceof String || v instanceof long[]
                    || v instanceof float[] || v instanceof String[])) {
                throw new IllegalArgumentException("unsupported attribute value type for '" + name + "'");
            }
            values.put(name, v);
            return this;
        }

        public Builder remove(String name) {
            values.remove(name);
            return this;
        }

        public Attributes build() {
            return new Attributes(new TreeMap<>(values));
        }
    }
}

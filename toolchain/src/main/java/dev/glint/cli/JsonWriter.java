package dev.glint.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds compact JSON text (RFC 8259) for the command line's {@code --json} output. Commas are inserted
 * automatically; misuse (a value where a name is due, unbalanced ends) fails fast with an
 * {@link IllegalStateException}, since it is a programming error.
 */
public final class JsonWriter {
    private enum Scope { OBJECT_NAME, OBJECT_VALUE, ARRAY }

    private final StringBuilder out = new StringBuilder();
    /** Open containers; for each, whether something has been written into it yet. */
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean done;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open(Scope.OBJECT_NAME);
        return this;
    }

    public JsonWriter endObject() {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("no object to end here");
        }
        close();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open(Scope.ARRAY);
        return this;
    }

    public JsonWriter endArray() {
        if (scopes.peek() != Scope.ARRAY) {
            throw new IllegalStateException("no array to end here");
        }
        close();
        out.append(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("a name is only allowed inside an object, before a value");
        }
        separate();
        string(name);
        out.append(':');
        scopes.pop();
        scopes.push(Scope.OBJECT_VALUE);
        return this;
    }

    public JsonWriter value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long n) {
        beforeValue();
        out.append(n);
        return this;
    }

    /** A number; NaN and infinities, which JSON cannot express, are written as {@code null}. */
    public JsonWriter value(double d) {
        beforeValue();
        if (Double.isFinite(d)) {
            // Shortest round-tripping decimal; integral values keep a ".0" which JSON readers accept.
            out.append(Double.toString(d).replace("E", "e"));
        } else {
            out.append("null");
        }
        return this;
    }

    public JsonWriter value(boolean b) {
        beforeValue();
        out.append(b);
        return this;
    }

    /** The finished text; fails if a container is still open. */
    @Override
    public String toString() {
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("unfinished JSON: " + scopes.size() + " container(s) still open");
        }
        return out.toString();
    }

    private void open(Scope scope) {
        scopes.push(scope);
        nonEmpty.push(false);
    }

    private void close() {
        scopes.pop();
        nonEmpty.pop();
    }

    private void separate() {
        if (nonEmpty.peek()) {
            out.append(',');
        }
        nonEmpty.pop();
        nonEmpty.push(true);
    }

    private void beforeValue() {
        Scope s = scopes.peek();
        if (s == null) {
            if (done) {
                throw new IllegalStateException("JSON text has a single top-level value");
            }
            done = true;
        } else if (s == Scope.ARRAY) {
            separate();
        } else if (s == Scope.OBJECT_VALUE) {
            scopes.pop();
            scopes.push(Scope.OBJECT_NAME);
        } else {
            throw new IllegalStateException("a value inside an object needs a name first");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

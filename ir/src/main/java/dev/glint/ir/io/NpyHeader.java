package dev.glint.ir.io;

import dev.glint.ir.GlintException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of an {@code .npy} file: a Python dict literal with exactly the keys {@code descr} (a
 * string), {@code fortran_order} (True or False) and {@code shape} (a tuple of non-negative integers),
 * as NumPy's format description (NEP 1) defines it. Parsed strictly: a header NumPy would refuse — a
 * missing, unknown or repeated key, a value of the wrong type, broken syntax — is an error, so a damaged
 * file is never read with a shape or type other than the one it states.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** Parses header text; {@code where} names the file in errors. */
    static NpyHeader parse(String text, String where) {
        Reader r = new Reader(text, where);
        Map<String, Object> dict = r.dict();
        r.skipWhitespace();
        if (!r.atEnd()) {
            throw r.error("unexpected text after the header dict");
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new GlintException(where + ": .npy header must have exactly the keys descr, fortran_order and "
                    + "shape, has " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new GlintException(where + ": .npy header 'descr' must be a string");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new GlintException(where + ": .npy header 'fortran_order' must be True or False");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw new GlintException(where + ": .npy header 'shape' must be a tuple of integers");
        }
        return new NpyHeader(descr, fortran, shape);
    }

    /** A reader of the Python literal subset NumPy writes: strings, True/False, tuples of integers. */
    private static final class Reader {
        private final String s;
        private final String where;
        private int pos;

        Reader(String s, String where) {
            this.s = s;
            this.where = where;
        }

        GlintException error(String what) {
            return new GlintException(where + ": bad .npy header at character " + pos + ": " + what);
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t'
                    || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        /** True (and consumed) when the next non-blank character is {@code c}. */
        boolean accept(char c) {
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        Map<String, Object> dict() {
            Map<String, Object> d = new HashMap<>();
            expect('{');
            while (!accept('}')) {
                String key = string();
                expect(':');
                if (d.put(key, value()) != null) {
                    throw error("key '" + key + "' appears twice");
                }
                if (!accept(',')) {
                    expect('}');
                    break;
                }
            }
            return d;
        }

        Object value() {
            skipWhitespace();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (pos < s.length() && s.charAt(pos) == '(') {
                return tuple();
            }
            return string();
        }

        String string() {
            skipWhitespace();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = s.charAt(pos++);
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != quote) {
                if (s.charAt(pos) == '\\' || s.charAt(pos) == '\n') {
                    throw error("unsupported character in a string");
                }
                pos++;
            }
            if (atEnd()) {
                throw error("unterminated string");
            }
            return s.substring(start, pos++);
        }

        /** A tuple of non-negative integers; as in Python, one element needs a trailing comma. */
        int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (!accept(')')) {
                dims.add(dimension());
                trailingComma = accept(',');
                if (!trailingComma) {
                    expect(')');
                    break;
                }
            }
            if (dims.size() == 1 && !trailingComma) {
                throw error("'(" + dims.get(0) + ")' is not a tuple (write '(" + dims.get(0) + ",)')");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        int dimension() {
            skipWhitespace();
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a non-negative integer dimension");
            }
            String digits = s.substring(start, pos);
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // Python 2 long suffix, still found in old files
            }
            if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                throw error("dimension " + digits + " is too large");
            }
            return Integer.parseInt(digits);
        }
    }
}

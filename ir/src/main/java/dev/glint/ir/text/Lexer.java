package dev.glint.ir.text;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;

/**
 * Splits the textual IR into tokens on demand (a large constant is never held as a token list). Skips
 * white space and {@code //} comments. Every token remembers its line and column for error messages.
 */
final class Lexer {
    /** Token categories. */
    enum Kind {
        /** {@code graph}, {@code Conv}, {@code f32}, {@code kernel_shape}, {@code nan}, ... */
        IDENT,
        /** {@code %name} or {@code %"quoted/name"}; the text is the name without the sigil. */
        VALUE,
        /** A double-quoted string; the text is the unescaped content. */
        STRING,
        INT,
        /** A number with a fraction or exponent, or {@code -inf}. */
        FLOAT,
        /** One of {@code ( ) { } [ ] , = : < >}. */
        PUNCT,
        EOF
    }

    /** One token with its position (1-based line and column). */
    record Token(Kind kind, String text, int line, int column) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.charAt(0) == c;
        }

        /** How the token is named in an error message. */
        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case VALUE -> "'" + GraphPrinter.valueRef(text) + "'";
                case STRING -> "string " + Attributes.quote(text);
                default -> "'" + text + "'";
            };
        }
    }

    private static final String PUNCTUATION = "(){}[],=:<>";

    private final String src;
    private final String sourceName;
    private int pos;
    private int line = 1;
    private int lineStart;
    private Token lookahead;

    Lexer(String src, String sourceName) {
        this.src = src;
        this.sourceName = sourceName;
    }

    Token peek() {
        if (lookahead == null) {
            lookahead = scan();
        }
        return lookahead;
    }

    Token next() {
        Token t = peek();
        lookahead = null;
        return t;
    }

    /** A parse error at {@code at}, prefixed with the source name (if any), line and column. */
    GlintException error(Token at, String message) {
        return error(at.line(), at.column(), message);
    }

    GlintException error(int atLine, int atColumn, String message) {
        String where = sourceName == null ? "line " + atLine + ":" + atColumn : sourceName + ":" + atLine + ":" + atColumn;
        return new GlintException(where + ": " + message);
    }

    private Token scan() {
        skipSpaceAndComments();
        int startLine = line;
        int startCol = pos - lineStart + 1;
        if (pos >= src.length()) {
            return new Token(Kind.EOF, "", startLine, startCol);
        }
        char c = src.charAt(pos);
        if (c == '%') {
            pos++;
            if (pos < src.length() && src.charAt(pos) == '"') {
                return new Token(Kind.VALUE, scanString(startLine, startCol), startLine, startCol);
            }
            int from = pos;
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
            if (pos == from) {
                throw error(startLine, startCol, "expected a value name after '%'");
            }
            return new Token(Kind.VALUE, src.substring(from, pos), startLine, startCol);
        }
        if (c == '"') {
            return new Token(Kind.STRING, scanString(startLine, startCol), startLine, startCol);
        }
        if (c == '-' || Character.isDigit(c)) {
            return scanNumber(startLine, startCol);
        }
        if (Character.isLetter(c) || c == '_') {
            int from = pos;
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENT, src.substring(from, pos), startLine, startCol);
        }
        if (PUNCTUATION.indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.PUNCT, String.valueOf(c), startLine, startCol);
        }
        throw error(startLine, startCol, "unexpected character '" + c + "'");
    }

    /** Characters allowed in unquoted value names and identifiers. */
    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** {@code -?digits(.digits)?([eE][+-]?digits)?}, or {@code -inf}. */
    private Token scanNumber(int startLine, int startCol) {
        int from = pos;
        if (src.charAt(pos) == '-') {
            pos++;
            if (src.startsWith("inf", pos) && (pos + 3 >= src.length() || !isNameChar(src.charAt(pos + 3)))) {
                pos += 3;
                return new Token(Kind.FLOAT, "-inf", startLine, startCol);
            }
        }
        if (!skipDigits()) {
            throw error(startLine, startCol, "expected a number after '-'");
        }
        boolean isFloat = false;
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            isFloat = true;
            if (!skipDigits()) {
                throw error(line, pos - lineStart + 1, "expected digits after the decimal point");
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            pos++;
            isFloat = true;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (!skipDigits()) {
                throw error(line, pos - lineStart + 1, "expected digits in the exponent");
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error(startLine, startCol, "malformed number '" + src.substring(from, pos + 1) + "'");
        }
        return new Token(isFloat ? Kind.FLOAT : Kind.INT, src.substring(from, pos), startLine, startCol);
    }

    private boolean skipDigits() {
        int from = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        return pos > from;
    }

    /** Reads a double-quoted string starting at {@code pos}; understands the escapes of Attributes.quote. */
    private String scanString(int startLine, int startCol) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(startLine, startCol, "unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error(startLine, startCol, "unterminated string");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case '"', '\\' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > src.length()) {
                        throw error(line, pos - lineStart + 1, "incomplete \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(line, pos - lineStart + 1, "bad \\u escape '" + src.substring(pos, pos + 4) + "'");
                    }
                    pos += 4;
                }
                default -> throw error(line, pos - lineStart, "unknown escape '\\" + e + "'");
            }
        }
    }
}

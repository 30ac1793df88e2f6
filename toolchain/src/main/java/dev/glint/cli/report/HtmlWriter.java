package dev.glint.cli.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Builds HTML (and inline SVG) text with every piece of text and every attribute value escaped, and with
 * elements closed in the order they were opened. Tag and attribute names are checked, since they are
 * never escaped; misuse is a programming error ({@link IllegalStateException} or
 * {@link IllegalArgumentException}).
 */
public final class HtmlWriter {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*(:[A-Za-z][A-Za-z0-9-]*)?");

    private final StringBuilder out = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    /** Writes {@code <!DOCTYPE html>}; call first. */
    public HtmlWriter doctype() {
        out.append("<!DOCTYPE html>\n");
        return this;
    }

    /**
     * Opens an element. {@code attributes} alternate name and value; a null value leaves the attribute
     * out.
     */
    public HtmlWriter open(String tag, String... attributes) {
        startTag(tag, attributes);
        out.append('>');
        open.push(tag);
        return this;
    }

    /** Closes the innermost open element, which must be {@code tag}. */
    public HtmlWriter close(String tag) {
        String top = open.poll();
        if (!tag.equals(top)) {
            throw new IllegalStateException("closing <" + tag + "> but the open element is <" + top + ">");
        }
        out.append("</").append(tag).append('>');
        return this;
    }

    /** An element holding only text: {@code <tag ...>text</tag>}. */
    public HtmlWriter element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** An element without content ({@code <meta ...>} in HTML, {@code <line .../>} in SVG). */
    public HtmlWriter empty(String tag, String... attributes) {
        startTag(tag, attributes);
        out.append(open.contains("svg") ? "/>" : ">");
        return this;
    }

    /** Text content, escaped. */
    public HtmlWriter text(String text) {
        appendEscaped(out, text, false);
        return this;
    }

    /** A line break in the source, for readability of the page's text. */
    public HtmlWriter newline() {
        out.append('\n');
        return this;
    }

    /** Text that is trusted markup-free by construction (a style sheet); still refuses a closing tag. */
    public HtmlWriter style(String css) {
        if (css.toLowerCase(java.util.Locale.ROOT).contains("</style")) {
            throw new IllegalArgumentException("style text must not close the style element");
        }
        open("style");
        out.append(css);
        return close("style");
    }

    /** The finished document; fails while an element is still open. */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed element <" + open.peek() + ">");
        }
        return out.toString();
    }

    /** Escapes {@code s} for text content ({@code &}, {@code <}, {@code >}) or attribute values (also quotes). */
    public static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length());
        appendEscaped(sb, s, attribute);
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\'' -> sb.append(attribute ? "&#39;" : "'");
                default -> sb.append(c);
            }
        }
    }

    private void startTag(String tag, String[] attributes) {
        checkName(tag);
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) {
                continue;
            }
            checkName(attributes[i]);
            out.append(' ').append(attributes[i]).append("=\"");
            appendEscaped(out, attributes[i + 1], true);
            out.append('"');
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a tag or attribute name: '" + name + "'");
        }
    }
}

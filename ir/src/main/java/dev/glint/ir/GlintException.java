package dev.glint.ir;

/**
 * An error caused by the user's input (a malformed model, an unsupported operator, a data file of the
 * wrong shape, a profile that does not fit). The command line prints {@link #getMessage()} as one line
 * and exits with status 2; it never prints a stack trace for this type. Messages quote names taken from
 * user files, which may hold any characters, so control characters (line breaks included) are written as
 * escapes here: the message stays one line whatever the file contains.
 */
public class GlintException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GlintException(String message) {
        super(oneLine(message));
    }

    public GlintException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Formats the message with {@link String#format}. */
    public static GlintException of(String format, Object... args) {
        return new GlintException(String.format(java.util.Locale.ROOT, format, args));
    }

    /** {@code message} with every control character written as an escape (a line break becomes {@code \n}). */
    private static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}

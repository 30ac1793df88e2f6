package dev.glint.ir;

/**
 * An error caused by the user's input (a malformed model, an unsupported operator, a data file of the
 * wrong shape, a profile that does not fit). The command line prints {@link #getMessage()} as one line
 * and exits with status 2; it never prints a stack trace for this type.
 */
public class GlintException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GlintException(String message) {
        super(message);
    }

    public GlintException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Formats the message with {@link String#format}. */
    public static GlintException of(String format, Object... args) {
        return new GlintException(String.format(java.util.Locale.ROOT, format, args));
    }
}

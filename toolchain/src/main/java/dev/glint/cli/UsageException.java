package dev.glint.cli;

/**
 * The command line itself was wrong: an unknown option, a missing argument, a value of the wrong form.
 * The command line prints the message and the command's usage line, and exits with status 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String usage;

    public UsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    /** The usage line of the command concerned, e.g. {@code usage: glint run MODEL.onnx ...}. */
    public String usage() {
        return usage;
    }
}

package dev.glint.tests.fuzz;

import dev.glint.ir.GlintException;

/**
 * Raised by a fuzz case when a {@link GlintException} was thrown but its message would not help a user:
 * blank, several lines, or not naming the file. The harness counts it as a failure like any other
 * unexpected exception.
 */
final class UnclearMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    private UnclearMessageException(String problem, GlintException cause) {
        super(problem + ": " + cause.getMessage(), cause);
        this.problem = problem;
    }

    /** What is wrong with the message, without the message itself (groups failures by kind). */
    String problem() {
        return problem;
    }

    /** Checks that {@code e} has one non-blank line naming {@code where} (null: no name needed). */
    static void check(GlintException e, String where) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new UnclearMessageException("blank message", e);
        }
        if (m.contains("\n")) {
            throw new UnclearMessageException("message of several lines", e);
        }
        if (where != null && !m.contains(where)) {
            throw new UnclearMessageException("message does not name the file", e);
        }
    }
}

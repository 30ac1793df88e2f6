package dev.glint.tests.fuzz;

/** What became of one mutant. */
enum Verdict {
    /** Accepted: the reader returned a valid result (and later stages ran on it). */
    VALID,
    /** Refused with a {@link dev.glint.ir.GlintException} carrying a clear one-line message. */
    REJECTED,
    /** Anything else: another exception type, an unclear message, a hang, an OutOfMemoryError. */
    FAILED
}

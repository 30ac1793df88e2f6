package dev.glint.cli;

import dev.glint.ir.GlintException;

/**
 * A goal the user asked for (such as {@code --accuracy-target}) cannot be met: not bad input, but a
 * requested check that fell short, so the command line exits with status 1 and this one-line message.
 */
final class TargetNotReachedException extends GlintException {
    TargetNotReachedException(String message) {
        super(message);
    }
}

package dev.glint.cli;

import java.io.PrintStream;

/**
 * What a command works with besides its arguments: where to print, how to load models and render graphs,
 * and whether standard error is a terminal (progress bars are drawn only there).
 */
public record CommandContext(PrintStream out, PrintStream err, ModelLoader models, DotRenderer dot,
                             boolean stderrIsTerminal) {}

package dev.glint.cli;

import java.io.IOException;

/** One {@code glint} subcommand. */
public interface Command {
    /** The name typed after {@code glint}. */
    String name();

    /** One line for the command list of {@code glint --help}. */
    String summary();

    /** A paragraph for {@code glint help NAME}, after the usage line and before the options. */
    String description();

    /** The command's arguments; a fresh parser each time. */
    ArgParser arguments();

    /**
     * Runs the command. Returns the exit status: 0 success, 1 a requested check fell short. Bad input is
     * thrown as a GlintException, UsageException or IOException, which the caller turns into status 2.
     */
    int run(ParsedArgs args, CommandContext ctx) throws IOException;
}

package dev.glint.cli;

import dev.glint.ir.GlintException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code glint} command line. Exit status: 0 success, 1 a requested check fell short, 2 bad input
 * (one line on standard error saying what and where, plus the usage line for a malformed command line),
 * 3 an internal error (a bug: its stack trace is printed only when {@code GLINT_DEBUG=1}).
 */
public final class Main {
    static final int OK = 0;
    static final int CHECK_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 3;

    private static final String USAGE = "usage: glint COMMAND [ARGS...]   (glint --help lists the commands)";

    private final List<Command> commands = List.of(new InspectCommand(), new ProfileCommand(), new RunCommand(),
            new EvalCommand(), new BenchCommand(), new CompileCommand(), new ExportOnnxCommand(), new ReportCommand(),
            new DemoCommand());
    private final ModelLoader models;
    private final DotRenderer dot;
    private final boolean stderrIsTerminal;
    private final boolean debug;

    /**
     * A command line with its collaborators given explicitly (tests pass their own model loader).
     *
     * @param stderrIsTerminal whether progress bars may be drawn on standard error
     * @param debug            whether internal errors print their stack trace
     */
    public Main(ModelLoader models, DotRenderer dot, boolean stderrIsTerminal, boolean debug) {
        this.models = models;
        this.dot = dot;
        this.stderrIsTerminal = stderrIsTerminal;
        this.debug = debug;
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** Runs {@code glint ARGS} with the default model loader and environment; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new Main(ModelLoading.onnx(), DotRendering.graphviz(), stderrIsTerminal(), debugRequested())
                .execute(args, out, err);
    }

    /** Runs {@code glint ARGS}; returns the exit status. Never throws. */
    public int execute(String[] args, PrintStream out, PrintStream err) {
        try {
            return dispatch(Arrays.asList(args), new CommandContext(out, err, models, dot, stderrIsTerminal));
        } catch (UsageException e) {
            err.println("glint: " + oneLine(e.getMessage()));
            err.println(e.usage());
            return BAD_INPUT;
        } catch (TargetNotReachedException e) {
            err.println("glint: " + oneLine(e.getMessage()));
            return CHECK_FAILED;
        } catch (GlintException e) {
            err.println("glint: " + oneLine(e.getMessage()));
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("glint: " + oneLine(IoErrors.describe(e)));
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("glint: " + oneLine(IoErrors.describe(e.getCause())));
            return BAD_INPUT;
        } catch (InvalidPathException e) {
            err.println("glint: invalid path '" + oneLine(e.getInput()) + "': " + e.getReason());
            return BAD_INPUT;
        } catch (RuntimeException | Error e) {
            // Anything else is a bug in Glint, not a mistake of the user's: say so, and keep the trace handy.
            err.println("glint: internal error: " + oneLine(String.valueOf(e)));
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println("glint: (run with GLINT_DEBUG=1 for the stack trace)");
            }
            return INTERNAL_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(List<String> args, CommandContext ctx) throws IOException {
        if (args.isEmpty()) {
            printHelp(ctx.err());
            return BAD_INPUT;
        }
        String first = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (first.equals("--help") || first.equals("-h") || first.equals("help") && rest.isEmpty()) {
            printHelp(ctx.out());
            return OK;
        }
        if (first.equals("help")) {
            if (rest.size() > 1) {
                throw new UsageException("help: unexpected argument '" + rest.get(1) + "'", "usage: glint help COMMAND");
            }
            printCommandHelp(find(rest.get(0)), ctx.out());
            return OK;
        }
        Command command = find(first);
        ParsedArgs parsed = command.arguments().parse(rest);
        if (parsed.isHelpRequested()) {
            printCommandHelp(command, ctx.out());
            return OK;
        }
        return command.run(parsed, ctx);
    }

    private Command find(String name) {
        for (Command c : commands) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        String message = name.startsWith("-") ? "unknown option '" + name + "' (options come after the command)"
                : "unknown command '" + name + "'";
        throw new UsageException(message + "; commands: " + String.join(", ", commands.stream().map(Command::name)
                .toList()), USAGE);
    }

    private void printHelp(PrintStream out) {
        out.println("glint: a neural-network compiler for the JVM (ONNX in; interpreter now, native code later)");
        out.println();
        out.println(USAGE);
        out.println();
        out.println("commands:");
        for (Command c : commands) {
            out.println(String.format("  %-9s %s", c.name(), c.summary()));
        }
        out.println();
        out.println("glint help COMMAND (or glint COMMAND --help) describes a command and its options.");
        out.println("Exit status: 0 success, 1 a requested check fell short, 2 bad input, 3 internal error.");
    }

    private static void printCommandHelp(Command c, PrintStream out) {
        ArgParser parser = c.arguments();
        out.println(parser.usage());
        out.println();
        out.println(c.description());
        out.println();
        out.println("options:");
        int width = parser.options().stream().mapToInt(o -> optionText(o).length()).max().orElse(0);
        for (ArgParser.Option o : parser.options()) {
            out.println(String.format("  %-" + width + "s  %s", optionText(o), o.help()));
        }
    }

    private static String optionText(ArgParser.Option o) {
        return o.valueName() == null ? o.name() : o.name() + " " + o.valueName();
    }

    /** Messages go out as one line whatever they contain, so that scripts can rely on it. */
    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /**
     * Java cannot ask whether standard error is a terminal, so the launcher script tells it through
     * {@code -Dglint.stderr.tty}; without the launcher, an interactive console is taken as the answer.
     */
    private static boolean stderrIsTerminal() {
        String told = System.getProperty("glint.stderr.tty");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    private static boolean debugRequested() {
        String v = System.getenv("GLINT_DEBUG");
        return v != null && !v.isEmpty() && !v.equals("0");
    }
}

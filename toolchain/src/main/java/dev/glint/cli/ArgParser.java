package dev.glint.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Declares the arguments of one command and parses a command line against them. Options are long
 * ({@code --name}); a valued option takes its value as the next argument or after {@code =}
 * ({@code --out y.npy}, {@code --out=y.npy}); {@code --} ends the options. {@code -h} and {@code --help}
 * are always recognised. Every mistake is a {@link UsageException} naming the offending argument.
 */
public final class ArgParser {
    /** One declared option; {@code valueName} is null for a flag. */
    public record Option(String name, String valueName, boolean required, boolean repeatable, String help) {
        boolean isFlag() {
            return valueName == null;
        }
    }

    private final String command;
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, Option> options = new LinkedHashMap<>();

    /** @param command the command's name, as typed after {@code glint} */
    public ArgParser(String command) {
        this.command = command;
    }

    /** Declares the next positional argument (all declared positionals are required). */
    public ArgParser positional(String valueName) {
        positionals.add(valueName);
        return this;
    }

    /** Declares a flag: an option without a value. */
    public ArgParser flag(String name, String help) {
        return declare(new Option(name, null, false, false, help));
    }

    /** Declares an optional option with one value. */
    public ArgParser option(String name, String valueName, String help) {
        return declare(new Option(name, valueName, false, false, help));
    }

    /** Declares an option with one value that must be given. */
    public ArgParser requiredOption(String name, String valueName, String help) {
        return declare(new Option(name, valueName, true, false, help));
    }

    /** Declares an option that may be given several times. */
    public ArgParser repeatableOption(String name, String valueName, String help) {
        return declare(new Option(name, valueName, false, true, help));
    }

    private ArgParser declare(Option o) {
        if (!o.name().startsWith("--") || options.containsKey(o.name())) {
            throw new IllegalArgumentException("bad or duplicate option " + o.name());
        }
        options.put(o.name(), o);
        return this;
    }

    public String command() {
        return command;
    }

    /** The declared options in declaration order. */
    public List<Option> options() {
        return List.copyOf(options.values());
    }

    /** The one-line synopsis, e.g. {@code usage: glint eval MODEL.onnx --data X.npy [--json]}. */
    public String usage() {
        StringBuilder sb = new StringBuilder("usage: glint ").append(command);
        for (String p : positionals) {
            sb.append(' ').append(p);
        }
        for (Option o : options.values()) {
            String text = o.isFlag() ? o.name() : o.name() + " " + o.valueName();
            if (o.repeatable()) {
                text += " ...";
            }
            sb.append(' ').append(o.required() ? text : "[" + text + "]");
        }
        return sb.toString();
    }

    /** Parses {@code args} (the arguments after the command name). */
    public ParsedArgs parse(List<String> args) {
        List<String> given = new ArrayList<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                given.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                return ParsedArgs.helpRequested(this);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Option o = options.get(name);
            if (o == null) {
                throw error("unknown option '" + name + "'");
            }
            String value;
            if (o.isFlag()) {
                if (eq >= 0) {
                    throw error("option " + name + " takes no value");
                }
                value = "";
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw error("option " + name + " needs a value (" + o.valueName() + ")");
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && !o.repeatable()) {
                throw error("option " + name + " is given more than once");
            }
            list.add(value);
        }
        if (given.size() < positionals.size()) {
            throw error("missing " + positionals.get(given.size()));
        }
        if (given.size() > positionals.size()) {
            throw error("unexpected argument '" + given.get(positionals.size()) + "'");
        }
        for (Option o : options.values()) {
            if (o.required() && !values.containsKey(o.name())) {
                throw error("missing " + o.name() + " " + o.valueName());
            }
        }
        return new ParsedArgs(this, given, values);
    }

    /** A usage error for this command (also used by commands for badly formed option values). */
    public UsageException error(String message) {
        return new UsageException(command + ": " + message, usage());
    }
}

package dev.glint.cli;

import java.util.List;
import java.util.Map;

/** The result of {@link ArgParser#parse}: positional arguments and option values, with typed access. */
public final class ParsedArgs {
    private final ArgParser parser;
    private final List<String> positionals;
    private final Map<String, List<String>> values;
    private final boolean help;

    ParsedArgs(ArgParser parser, List<String> positionals, Map<String, List<String>> values) {
        this(parser, positionals, values, false);
    }

    private ParsedArgs(ArgParser parser, List<String> positionals, Map<String, List<String>> values, boolean help) {
        this.parser = parser;
        this.positionals = List.copyOf(positionals);
        this.values = Map.copyOf(values);
        this.help = help;
    }

    static ParsedArgs helpRequested(ArgParser parser) {
        return new ParsedArgs(parser, List.of(), Map.of(), true);
    }

    /** True when {@code -h} or {@code --help} was given; nothing else is parsed then. */
    public boolean isHelpRequested() {
        return help;
    }

    public String positional(int i) {
        return positionals.get(i);
    }

    /** True when the flag or option was given. */
    public boolean has(String option) {
        return values.containsKey(option);
    }

    /** The option's value, or {@code dflt} when it was not given. */
    public String value(String option, String dflt) {
        List<String> v = values.get(option);
        return v == null ? dflt : v.get(0);
    }

    /** The value of an option declared as required. */
    public String value(String option) {
        String v = value(option, null);
        if (v == null) {
            throw parser.error("missing " + option);
        }
        return v;
    }

    /** All values of a repeatable option, in command-line order (empty when not given). */
    public List<String> values(String option) {
        return values.getOrDefault(option, List.of());
    }

    /** The option's value as a whole number of at least {@code min}, or {@code dflt} when not given. */
    public int intValue(String option, int dflt, int min) {
        String v = value(option, null);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected form
        }
        throw parser.error(option + " needs a whole number of at least " + min + ", got '" + v + "'");
    }

    /**
     * The option's value as a fraction in [0, 1], or null when not given. A percentage is accepted
     * too: {@code 0.95} and {@code 95%} mean the same.
     */
    public Double fractionValue(String option) {
        String v = value(option, null);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        boolean percent = t.endsWith("%");
        try {
            double d = Double.parseDouble(percent ? t.substring(0, t.length() - 1) : t);
            double f = percent ? d / 100 : d;
            if (f >= 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected form
        }
        throw parser.error(option + " needs a fraction between 0 and 1 (or a percentage), got '" + v + "'");
    }
}

package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {
    private static ArgParser parser() {
        return new ArgParser("demo")
                .positional("MODEL")
                .requiredOption("--out", "FILE", "output")
                .option("--engine", "NAME", "engine")
                .repeatableOption("--input", "X", "inputs")
                .option("--limit", "N", "limit")
                .option("--min", "F", "fraction")
                .flag("--json", "json");
    }

    private static ParsedArgs parse(String... args) {
        return parser().parse(List.of(args));
    }

    private static String failure(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void parsesPositionalsOptionsAndFlags() {
        ParsedArgs a = parse("m.onnx", "--out", "y.npy", "--input", "a=1.npy", "--json", "--input=b=2.npy");
        assertEquals("m.onnx", a.positional(0));
        assertEquals("y.npy", a.value("--out"));
        assertEquals(List.of("a=1.npy", "b=2.npy"), a.values("--input"));
        assertTrue(a.has("--json"));
        assertFalse(a.has("--engine"));
        assertEquals("interpreter", a.value("--engine", "interpreter"));
        assertNull(a.value("--engine", null));
    }

    @Test
    void optionsMayComeBeforePositionalsAndDoubleDashEndsOptions() {
        ParsedArgs a = parse("--out", "y.npy", "--", "--odd-model-name.onnx");
        assertEquals("--odd-model-name.onnx", a.positional(0));
    }

    @Test
    void helpStopsParsing() {
        assertTrue(parse("--help").isHelpRequested());
        assertTrue(parse("m.onnx", "-h", "--bogus").isHelpRequested());
        assertFalse(parse("m.onnx", "--out", "y").isHelpRequested());
    }

    @Test
    void reportsEachKindOfMistake() {
        assertEquals("demo: unknown option '--bogus'", failure("m", "--out", "y", "--bogus"));
        assertEquals("demo: missing MODEL", failure("--out", "y"));
        assertEquals("demo: missing --out FILE", failure("m"));
        assertEquals("demo: unexpected argument 'extra'", failure("m", "extra", "--out", "y"));
        assertEquals("demo: option --out needs a value (FILE)", failure("m", "--out"));
        assertEquals("demo: option --out needs a value (FILE)", failure("m", "--out", "--json"));
        assertEquals("demo: option --out is given more than once", failure("m", "--out", "a", "--out", "b"));
        assertEquals("demo: option --json takes no value", failure("m", "--out", "y", "--json=yes"));
    }

    @Test
    void usageLineListsRequiredAndOptionalArguments() {
        assertEquals("usage: glint demo MODEL --out FILE [--engine NAME] [--input X ...] [--limit N] [--min F] [--json]",
                parser().usage());
        UsageException e = assertThrows(UsageException.class, () -> parse("m"));
        assertEquals(parser().usage(), e.usage());
    }

    @Test
    void typedValues() {
        ParsedArgs a = parse("m", "--out", "y", "--limit", "25", "--min", "95%");
        assertEquals(25, a.intValue("--limit", 7, 1));
        assertEquals(7, parse("m", "--out", "y").intValue("--limit", 7, 1));
        assertEquals(0.95, a.fractionValue("--min"), 1e-12);
        assertEquals(0.5, parse("m", "--out", "y", "--min", "0.5").fractionValue("--min"), 1e-12);
        assertNull(parse("m", "--out", "y").fractionValue("--min"));
    }

    @Test
    void badTypedValuesAreUsageErrors() {
        assertEquals("demo: --limit needs a whole number of at least 1, got 'ten'",
                assertThrows(UsageException.class,
                        () -> parse("m", "--out", "y", "--limit", "ten").intValue("--limit", 1, 1)).getMessage());
        assertThrows(UsageException.class, () -> parse("m", "--out", "y", "--limit", "0").intValue("--limit", 1, 1));
        assertThrows(UsageException.class, () -> parse("m", "--out", "y", "--min", "1.5").fractionValue("--min"));
        assertThrows(UsageException.class, () -> parse("m", "--out", "y", "--min", "x%").fractionValue("--min"));
    }
}

package dev.glint.ir.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
    @Test
    void parsesNumbersOfTheJsonGrammar() {
        assertEquals(List.of(0L, -12L, 1.5, 2.5e-3, 1e300), Json.parse("[0, -12, 1.5, 2.5e-3, 1e300]", "j"));
    }

    @Test
    void refusesWhatJsonDoesNotAllow() {
        String[] bad = {"01", "1.", ".5", "-", "1e", "NaN", "Infinity", "1e999", "--1", "+1", "{\"a\":1,\"a\":2}",
            "[1,]", "{\"a\" 1}", "\"open"};
        for (String text : bad) {
            GlintException e = assertThrows(GlintException.class, () -> Json.parse(text, "p.json"), text);
            assertEquals(true, e.getMessage().startsWith("p.json:1:"), e.getMessage());
        }
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(500_000) + "]".repeat(500_000);
        GlintException e = assertThrows(GlintException.class, () -> Json.parse(deep, "p.json"));
        assertEquals(true, e.getMessage().contains("nested too deeply"), e.getMessage());
        assertEquals(Map.of("a", List.of()), Json.parse("{\"a\": []}", "p.json"));
    }
}

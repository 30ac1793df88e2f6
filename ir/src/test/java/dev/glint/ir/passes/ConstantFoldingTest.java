package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.glint.ir.Graph;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
    private static final Pass PASS = Canonicalizer.of(new ConstantFolding());

    @Test
    void foldsChainsAndKeepsNamesAndOrigins() {
        assertEquals("""
                graph g(%x: f32[2]) {
                  %t = Constant f32[2] [3.0, 0.5]
                  %y = Mul(%x, %t) : f32[2]
                  return %y, %t as "folded"
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2]) {
                  %a = Constant f32[2] [1.0, 2.0]
                  %b = Constant f32[2] [3.0, 0.5]
                  %s = Add(%a, %b) : f32[2] loc("add")
                  %t = Sub(%s, %a) : f32[2]
                  %y = Mul(%x, %t) : f32[2]
                  return %y, %t as "folded"
                }
                """));
    }

    @Test
    void keepsTheOriginOfAFoldedNode() {
        assertEquals("""
                graph g() {
                  %s = Constant f32[2] [4.0, 2.5] loc("add")
                  return %s
                }
                """, PassHarness.apply(PASS, """
                graph g() {
                  %a = Constant f32[2] [1.0, 2.0]
                  %b = Constant f32[2] [3.0, 0.5]
                  %s = Add(%a, %b) : f32[2] loc("add")
                  return %s
                }
                """));
    }

    @Test
    void keepsTheDeclaredQuantizationParameters() {
        assertEquals("""
                graph g() {
                  %r = Constant i8[2,2]{scale=0.5,offset=1} [1, 2, 3, 4]
                  return %r
                }
                """, PassHarness.apply(PASS, """
                graph g() {
                  %q = Constant i8[4]{scale=0.5,offset=1} [1, 2, 3, 4]
                  %r = Reshape(%q) {shape=[2,2]} : i8[2,2]{scale=0.5,offset=1}
                  return %r
                }
                """));
    }

    @Test
    void doesNotFireWhenAnInputIsNotConstant() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[2]) {
                  %a = Constant f32[2] [1.0, 2.0]
                  %s = Add(%a, %x) : f32[2]
                  return %s
                }
                """);
    }

    @Test
    void leavesAnOperationThatCannotEvaluateItsConstantsForRunTime() {
        // Relu has float semantics only; folding must not turn that into a compile-time failure.
        String text = """
                graph g() {
                  %q = Constant i8[2] [1, -2]
                  %r = Relu(%q) : i8[2]
                  return %r
                }
                """;
        Graph g = GraphParser.parse(text);
        assertFalse(PASS.run(g));
        assertEquals(text, GraphPrinter.toText(g));
    }
}

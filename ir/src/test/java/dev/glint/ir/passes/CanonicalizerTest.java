package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Verifier;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalizerTest {
    /** Relu(Relu(x)) → Relu(x): the outer node is replaced by the existing inner one. */
    private static final RewritePattern DOUBLE_RELU = new RewritePattern() {
        @Override
        public String name() {
            return "double-relu";
        }

        @Override
        public boolean matches(Node node, Graph graph) {
            return node.op().equals("Relu") && node.input(0).op().equals("Relu");
        }

        @Override
        public Node rewrite(Node node, Graph graph) {
            return node.input(0);
        }
    };

    @Test
    void appliesPatternsAndNodeSimplificationsUntilNothingChanges() {
        Canonicalizer c = new Canonicalizer(List.of(DOUBLE_RELU, new ConstantFolding()));
        String out = PassHarness.apply(c, GraphParser.parse("""
                graph g(%x: f32[2,3]) {
                  %a = Relu(%x) : f32[2,3]
                  %b = Relu(%a) : f32[2,3]
                  %t = Transpose(%b) {perm=[1,0]} : f32[3,2]
                  %u = Transpose(%t) {perm=[1,0]} : f32[2,3]
                  %d = Relu(%u) : f32[2,3]
                  %k = Constant f32[2] [1.0, 2.0]
                  %e = Exp(%k) : f32[2]
                  return %d, %e
                }
                """), PassHarness.TOLERANCE);
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  %a = Relu(%x) : f32[2,3]
                  %e = Constant f32[2] [2.7182817, 7.389056]
                  return %a as "d", %e
                }
                """, out);
        assertEquals(Map.of("double-relu", 2, "Transpose.canonical", 2, "constant-folding", 1), c.lastRewriteCounts());
    }

    @Test
    void reportsNoChangeOnACanonicalGraph() {
        Graph g = GraphParser.parse("graph g(%x: f32[2]) {\n  %r = Relu(%x) : f32[2]\n  return %r\n}\n");
        Canonicalizer c = new Canonicalizer(List.of(DOUBLE_RELU));
        assertFalse(c.run(g));
        assertTrue(c.lastRewriteCounts().isEmpty());
    }

    @Test
    void aNewReplacementMayTakeTheOldName() {
        RewritePattern expToRelu = new RewritePattern() {
            @Override
            public String name() {
                return "exp-to-relu";
            }

            @Override
            public boolean matches(Node node, Graph graph) {
                return node.op().equals("Exp");
            }

            @Override
            public Node rewrite(Node node, Graph graph) {
                return OpRegistry.create("Relu", node.name(), node.inputs(), Attributes.EMPTY).setOrigin(node.origin());
            }
        };
        Graph g = GraphParser.parse("""
                graph g(%x: f32[2]) {
                  %e = Exp(%x) : f32[2] loc("exp")
                  %s = Sigmoid(%e) : f32[2]
                  return %s, %e
                }
                """);
        assertTrue(Canonicalizer.of(expToRelu).run(g));
        Verifier.verify(g);
        assertEquals("""
                graph g(%x: f32[2]) {
                  %e = Relu(%x) : f32[2] loc("exp")
                  %s = Sigmoid(%e) : f32[2]
                  return %s, %e
                }
                """, GraphPrinter.toText(g));
    }

    @Test
    void failsOnPatternsThatNeverSettle() {
        RewritePattern forever = new RewritePattern() {
            @Override
            public String name() {
                return "forever";
            }

            @Override
            public boolean matches(Node node, Graph graph) {
                return node.op().equals("Relu");
            }

            @Override
            public Node rewrite(Node node, Graph graph) {
                return OpRegistry.create("Relu", node.name(), node.inputs(), Attributes.EMPTY);
            }
        };
        Graph g = GraphParser.parse("graph g(%x: f32[2]) {\n  %r = Relu(%x)\n  return %r\n}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Canonicalizer.of(forever).run(g));
        assertEquals("forever reached no fixed point after 100 sweeps; rewrites applied: {forever=100}", e.getMessage());
    }

    @Test
    void failsOnAReplacementOfAnotherType() {
        RewritePattern wrong = new RewritePattern() {
            @Override
            public String name() {
                return "wrong";
            }

            @Override
            public boolean matches(Node node, Graph graph) {
                return node.op().equals("Transpose");
            }

            @Override
            public Node rewrite(Node node, Graph graph) {
                return node.input(0);
            }
        };
        Graph g = GraphParser.parse("graph g(%x: f32[2,3]) {\n  %t = Transpose(%x)\n  return %t\n}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Canonicalizer.of(wrong).run(g));
        assertEquals("rewrite replaced Transpose 't' (f32[3,2]) by Input 'x' of type f32[2,3]", e.getMessage());
    }
}

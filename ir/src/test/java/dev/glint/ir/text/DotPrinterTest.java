package dev.glint.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Graph;
import org.junit.jupiter.api.Test;

class DotPrinterTest {
    @Test
    void labelsNodesWithOpNameAndTypeAndNumbersMultiInputEdges() {
        Graph g = GraphParser.parse("""
                graph "net \\"1\\""(%"in/x": f32[1,4]) {
                  %w = Constant f32[3,4] <elided>
                  %b = Constant f32[3] [0.5, -1.0, 2.0]
                  %fc = FullyConnected(%"in/x", %w, %b) : f32[1,3]
                  %r = Relu(%fc) : f32[1,3]
                  return %r as "out"
                }""".replace("<elided>", "[" + "0.0, ".repeat(11) + "1.0]"));
        assertEquals("""
                digraph "net \\"1\\"" {
                  node [shape=box, fontname="Helvetica", fontsize=11];
                  v0 [shape=ellipse, label="%\\"in/x\\"\\nf32[1,4]"];
                  v1 [style=filled, fillcolor="grey90", fontsize=9, label="%w\\nf32[3,4]"];
                  v2 [style=filled, fillcolor="grey90", fontsize=9, label="%b\\nf32[3]\\n[0.5, -1.0, 2.0]"];
                  v3 [label="FullyConnected\\n%fc\\nf32[1,3]"];
                  v4 [label="Relu\\n%r\\nf32[1,3]"];
                  v0 -> v3 [label="0"];
                  v1 -> v3 [label="1"];
                  v2 -> v3 [label="2"];
                  v3 -> v4;
                  out0 [shape=ellipse, style=bold, label="output \\"out\\""];
                  v4 -> out0;
                }
                """, DotPrinter.print(g));
    }

    @Test
    void everyOperationGetsANode() {
        Graph g = GraphParser.parse(GraphTextRoundTripTest.ALL_OPS);
        String dot = DotPrinter.print(g);
        for (var n : g.nodes()) {
            assertTrue(dot.contains("%" + n.name() + "\\n"), n.name());
        }
        long nodeLines = dot.lines().filter(l -> l.matches("  (v|out)\\d+ \\[.*")).count();
        assertEquals(g.inputs().size() + g.nodes().size() + g.outputs().size(), nodeLines);
    }
}

package dev.glint.codegen;

import dev.glint.ir.Graph;
import dev.glint.ir.text.GraphParser;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void addRelu() {
        Graph g = GraphParser.parse("""
                graph smoke(%x: f32[2,3], %y: f32[3]) {
                  %s = Add(%x, %y)
                  %r = Relu(%s)
                  %e = Exp(%r)
                  %t = Tanh(%s)
                  return %e, %t
                }
                """);
        JitTester.assertMatchesInterpreter(g, TargetSpec.host(), 1);
        JitTester.assertMatchesInterpreter(g, JitTester.PORTABLE, 1);
    }
}

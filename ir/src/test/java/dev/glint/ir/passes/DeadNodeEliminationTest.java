package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Graph;
import dev.glint.ir.text.GraphParser;
import org.junit.jupiter.api.Test;

class DeadNodeEliminationTest {
    @Test
    void removesWhatNoOutputNeeds() {
        assertEquals("""
                graph g(%x: f32[2], %unused: f32[2]) {
                  %r = Relu(%x) : f32[2]
                  return %r
                }
                """, PassHarness.apply(new DeadNodeElimination(), """
                graph g(%x: f32[2], %unused: f32[2]) {
                  %c = Constant f32[2] [1.0, 2.0]
                  %r = Relu(%x) : f32[2]
                  %d = Add(%r, %c) : f32[2]
                  %e = Exp(%d) : f32[2]
                  %f = Sigmoid(%unused) : f32[2]
                  return %r
                }
                """));
    }

    @Test
    void reportsNoChangeWhenEverythingIsLive() {
        String text = """
                graph g(%x: f32[2]) {
                  %r = Relu(%x) : f32[2]
                  return %r, %x
                }
                """;
        PassHarness.assertUnchanged(new DeadNodeElimination(), text);
        Graph g = GraphParser.parse(text);
        assertFalse(new DeadNodeElimination().run(g));
        assertTrue(new DeadNodeElimination().run(GraphParser.parse(text.replace("  return", "  %dead = Exp(%x)\n  return"))));
    }
}

package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.TensorType;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassManagerTest {
    private static final String TEXT = """
            graph g(%x: f32[2]) {
              %r = Relu(%x) : f32[2]
              %dead = Exp(%x) : f32[2]
              return %r
            }
            """;

    /** Records that it ran; reports {@code changes}. */
    private record Recording(String name, boolean changes, List<String> log) implements Pass {
        @Override
        public boolean run(Graph graph) {
            log.add(name);
            return changes;
        }
    }

    @Test
    void runsPassesInOrderAndReportsAnyChange() {
        List<String> log = new ArrayList<>();
        PassManager pm = new PassManager().add(new Recording("a", false, log)).add(new Recording("b", true, log))
                .add(new Recording("c", false, log));
        assertEquals(List.of("a", "b", "c"), pm.passNames());
        assertTrue(pm.run(GraphParser.parse(TEXT)));
        assertEquals(List.of("a", "b", "c"), log);
        assertFalse(new PassManager().add(new Recording("a", false, log)).run(GraphParser.parse(TEXT)));
    }

    @Test
    void stopsAfterTheRequestedNumberOfPasses() {
        List<String> log = new ArrayList<>();
        PassManager pm = new PassManager().add(new Recording("a", false, log)).add(new Recording("b", true, log));
        assertFalse(pm.stopAfter(1).run(GraphParser.parse(TEXT)));
        assertEquals(List.of("a"), log);
        pm.stopAfter(0).run(GraphParser.parse(TEXT));
        assertEquals(List.of("a"), log);
        assertEquals("--stop-after needs a count >= 0, got -1",
                assertThrows(GlintException.class, () -> pm.stopAfter(-1)).getMessage());
    }

    @Test
    void dumpsTheGraphAfterTheNamedPassAsParseableText() {
        List<String> dumps = new ArrayList<>();
        PassManager pm = new PassManager().add(new Canonicalizer(List.of())).add(new DeadNodeElimination())
                .dumpAfter("dce", dumps::add);
        pm.run(GraphParser.parse(TEXT));
        assertEquals(List.of("""
                // after pass 2 'dce'
                graph g(%x: f32[2]) {
                  %r = Relu(%x) : f32[2]
                  return %r
                }
                """), dumps);
        Graph reparsed = GraphParser.parse(dumps.get(0));
        assertEquals(dumps.get(0).substring(dumps.get(0).indexOf('\n') + 1), GraphPrinter.toText(reparsed));
    }

    @Test
    void dumpsAfterEveryPassWithAll() {
        List<String> dumps = new ArrayList<>();
        new PassManager().add(new Canonicalizer(List.of())).add(new DeadNodeElimination())
                .dumpAfter(PassManager.ALL, dumps::add).run(GraphParser.parse(TEXT));
        assertEquals(2, dumps.size());
        assertTrue(dumps.get(0).startsWith("// after pass 1 'canonicalize' (no change)\n"), dumps.get(0));
        assertTrue(dumps.get(1).startsWith("// after pass 2 'dce'\n"), dumps.get(1));
    }

    @Test
    void rejectsADumpRequestForAnUnknownPass() {
        PassManager pm = Canonicalization.standardPipeline().dumpAfter("fold", System.out);
        assertEquals("--dump-after: no pass named 'fold'; the passes are canonicalize, dce",
                assertThrows(GlintException.class, () -> pm.run(GraphParser.parse(TEXT))).getMessage());
    }

    @Test
    void verificationNamesThePassThatBrokeTheGraph() {
        Pass breaker = new Pass() {
            @Override
            public String name() {
                return "breaker";
            }

            @Override
            public boolean run(Graph graph) {
                graph.find("r").setType(TensorType.f32(3));
                return true;
            }
        };
        PassManager pm = new PassManager().add(new DeadNodeElimination()).add(breaker).verifyEach(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pm.run(GraphParser.parse(TEXT)));
        assertEquals("after pass 2 'breaker': graph 'g' is inconsistent:\n  - Relu 'r': type f32[3] but its inputs give f32[2]",
                e.getMessage());
        // Without verification the same pipeline runs through.
        assertTrue(new PassManager().add(breaker).run(GraphParser.parse(TEXT)));
    }

    @Test
    void verificationChecksTheInputGraphFirst() {
        Graph g = GraphParser.parse(TEXT);
        g.find("r").setType(TensorType.f32(3));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PassManager().add(new DeadNodeElimination()).verifyEach(true).run(g));
        assertTrue(e.getMessage().startsWith("before the first pass: graph 'g' is inconsistent"), e.getMessage());
    }
}

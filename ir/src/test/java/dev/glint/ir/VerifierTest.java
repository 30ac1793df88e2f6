package dev.glint.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.text.GraphParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {
    private static Graph sample() {
        return GraphParser.parse("""
                graph g(%x: f32[2,3]) {
                  %c = Constant f32[3] [1.0, 2.0, 3.0]
                  %a = Add(%x, %c) : f32[2,3]
                  %r = Relu(%a) : f32[2,3]
                  return %r
                }""");
    }

    private static String failure(Graph g) {
        return assertThrows(IllegalStateException.class, () -> Verifier.verify(g)).getMessage();
    }

    @Test
    void acceptsAConsistentGraph() {
        Verifier.verify(sample());
        assertEquals(List.of(), Verifier.problems(sample()));
    }

    @Test
    void catchesADeclaredTypeThatInferenceDoesNotGive() {
        Graph g = sample();
        g.find("r").setType(TensorType.f32(3, 2));
        assertEquals("graph 'g' is inconsistent:\n  - Relu 'r': type f32[3,2] but its inputs give f32[2,3]", failure(g));
    }

    @Test
    void catchesAnInputUsedBeforeItIsDefined() {
        Graph g = sample();
        g.find("a").setInput(0, g.find("r"));
        assertTrue(failure(g).contains("Add 'a': input 0 'r' is defined after its use"));
    }

    @Test
    void catchesAnInputThatIsNotInTheGraph() {
        Graph g = sample();
        Node stray = OpRegistry.create("Relu", "stray", List.of(g.find("x")), Attributes.EMPTY);
        stray.setType(TensorType.f32(2, 3));
        g.find("r").setInput(0, stray);
        assertTrue(failure(g).contains("Relu 'r': input 0 'stray' is not in the graph"));
    }

    @Test
    void catchesAnOutputThatIsNotInTheGraph() {
        Graph g = sample();
        g.remove(g.find("r"));
        assertTrue(failure(g).contains("output 'r' reads 'r', which is not in the graph"));
    }

    @Test
    void catchesDuplicateNames() {
        Graph g = sample();
        g.find("r").rename("a");
        String message = failure(g);
        assertTrue(message.contains("value name 'a' is used more than once"), message);
        assertTrue(message.contains("the graph's name table does not map 'a' to its Relu node"), message);
    }

    @Test
    void catchesAConstantWhoseTypeDiffersFromItsValue() {
        Graph g = sample();
        g.find("c").setType(TensorType.f32(1, 3));
        assertTrue(failure(g).contains("Constant 'c': type f32[1,3] differs from its value's type f32[3]"));
    }

    @Test
    void catchesFailingInferenceAndMissingTypes() {
        Graph g = sample();
        g.find("c").setType(null);
        g.find("a").setType(null);
        g.find("x").setType(TensorType.f32(2, 4));
        String message = failure(g);
        assertTrue(message.contains("Constant 'c' has no type"), message);
        assertTrue(message.contains("Add 'a' has no type"), message);
        g.find("c").setType(TensorType.f32(3));
        g.find("a").setType(TensorType.f32(2, 3));
        assertTrue(failure(g).contains("Add 'a': type inference fails: Add node 'a': shapes [2, 4] and [3] do not broadcast"));
    }

    @Test
    void perAxisParametersThatDoNotFitCannotEvenBeBuilt() {
        // The verifier relies on this: TensorType refuses such a type, so no node can carry one.
        QuantParams q = QuantParams.perAxis(0, new float[] {0.5f, 0.25f}, new int[] {0, 0});
        assertThrows(IllegalArgumentException.class, () -> new TensorType(ElemKind.INT8, new int[] {3, 2}, q));
    }

    @Test
    void listsEveryProblem() {
        Graph g = sample();
        g.find("r").setType(TensorType.f32(1));
        g.find("c").setType(TensorType.f32(1, 3));
        assertEquals(2, Verifier.problems(g).size(), Verifier.problems(g).toString());
    }
}

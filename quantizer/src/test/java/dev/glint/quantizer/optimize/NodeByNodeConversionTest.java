package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.Verifier;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.profile.Profile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The naive conversion: the "before" the optimizer is measured against. */
class NodeByNodeConversionTest {
    private final FloatNets net = FloatNets.residualCnn(5);
    private final List<Map<String, Tensor>> samples = net.samples(4);
    private final Profile profile = FloatNets.profile(net.graph(), samples);

    @Test
    void wrapsEveryQuantizedNodeInItsOwnConversions() {
        Graph g = Quantizer.quantize(net.graph(), profile, QuantConfig.defaults().withNaiveConversion(true)).graph();
        Verifier.verify(g);
        int quantizedNodes = 0;
        for (Node n : g.nodes()) {
            if (n.isConstant() || OpCounts.CONVERSIONS.contains(n.op())) {
                continue;
            }
            assertTrue(n.type().isQuantized(), n + " is quantized in the island conversion too");
            quantizedNodes++;
            for (Node in : n.inputs()) {
                assertTrue(in instanceof QuantizeNode || in.isConstant(), n + " reads " + in);
                assertEquals(1, readers(g, in), in + " is quantized for one reader only");
            }
            List<Node> readers = g.nodes().stream().filter(r -> r.inputs().contains(n)).toList();
            assertEquals(1, readers.size(), n + " is read by its Dequantize only");
            assertTrue(readers.get(0) instanceof DequantizeNode, n + " is read by " + readers.get(0));
        }
        OpCounts c = OpCounts.of(g);
        assertEquals(quantizedNodes, c.count("Dequantize"));
        assertTrue(c.count("Quantize") > quantizedNodes, "one per activation input: " + c);
    }

    @Test
    void quantizesTheSameNodesWithTheSameTypesAsTheIslandConversion() {
        Graph naive = Quantizer.quantize(net.graph(), profile, QuantConfig.defaults().withNaiveConversion(true)).graph();
        Graph islands = Quantizer.quantize(net.graph(), profile, QuantConfig.defaults()).graph();
        assertEquals(computeTypes(islands), computeTypes(naive));
    }

    @Test
    void nonWeightConstantsAreQuantizedByANodeThatTheOptimizerFolds() {
        FloatNets n = new FloatNets("bias-add", 1);
        Node x = n.input("x", 1, 4);
        Node c = n.graph().addConstant("c", n.uniform(-1f, 1f, 1, 4));
        n.graph().addOutput("y", n.op("Add", "y", x, c));
        Profile p = FloatNets.profile(n.graph(), n.samples(3));
        Graph naive = Quantizer.quantize(n.graph(), p, QuantConfig.defaults().withNaiveConversion(true)).graph();
        assertTrue(naive.find("c__quant") instanceof QuantizeNode, "a Quantize of the float constant");
        QuantOptimizer.optimize(naive);
        Graph islands = Quantizer.quantize(n.graph(), p, QuantConfig.defaults()).graph();
        Node folded = naive.nodes().stream().filter(m -> m.isConstant() && m.type().isQuantized()).findFirst().orElseThrow();
        assertEquals(islands.find("c__q").type(), folded.type());
        assertEquals(OpCounts.of(islands), OpCounts.of(naive));
    }

    private static int readers(Graph g, Node n) {
        int count = 0;
        for (Node user : g.nodes()) {
            for (Node in : user.inputs()) {
                count += in == n ? 1 : 0;
            }
        }
        return count;
    }

    /** The declared type of every compute node, by name. */
    private static Map<String, TensorType> computeTypes(Graph g) {
        Map<String, TensorType> types = new HashMap<>();
        for (Node n : g.nodes()) {
            if (!n.isConstant() && !OpCounts.CONVERSIONS.contains(n.op())) {
                types.put(n.name(), n.type());
            }
        }
        return types;
    }
}

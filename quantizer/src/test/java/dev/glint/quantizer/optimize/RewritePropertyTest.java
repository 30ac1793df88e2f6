package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.Verifier;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.passes.GraphRewriter;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random quantized graphs ({@link RandomQuantNets}): every rewrite, applied one at a time, keeps the graph
 * valid and keeps its numeric promise; the whole optimizer verifies after every pass and leaves one
 * conversion per graph input and output; the scale-keeping rewrites alone change no output bit.
 */
class RewritePropertyTest {
    private static final int GRAPHS = 60;

    @Test
    void eachRewriteKeepsItsNumericPromise() {
        Map<String, Integer> fired = new TreeMap<>();
        for (long seed = 1; seed <= GRAPHS; seed++) {
            RandomQuantNets net = RandomQuantNets.build(seed);
            try {
                rewriteStepByStep(net, seed, fired);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("graph of seed " + seed + ":\n" + GraphPrinter.toText(net.graph()), e);
            }
        }
        for (QuantRewrite r : QuantOptimizer.rewrites()) {
            assertTrue(fired.getOrDefault(r.name(), 0) > 0, r.name() + " never fired: " + fired);
        }
    }

    @Test
    void theOptimizerVerifiesAfterEveryPassAndLeavesOneConversionPerInputAndOutput() {
        double squaredErrorBefore = 0;
        double squaredErrorAfter = 0;
        for (long seed = 1; seed <= GRAPHS; seed++) {
            RandomQuantNets net = RandomQuantNets.build(seed);
            Graph g = copy(net.graph());
            try {
                new QuantOptimizer().verifyEach(true).run(g);
            } catch (IllegalStateException e) {
                throw new AssertionError("graph of seed " + seed + ":\n" + GraphPrinter.toText(net.graph()), e);
            }
            String where = "seed " + seed + ":\n" + GraphPrinter.toText(g);
            assertEquals(List.of(), QuantOptimizerTest.absorbableRescales(g), where);
            if (!net.keptFloat()) {
                // Conversions only at the borders: each Quantize reads a graph input, each Dequantize is an
                // output, and nothing computes in float (a graph may also have collapsed to a float copy).
                for (Node n : g.nodes()) {
                    if (n instanceof QuantizeNode) {
                        assertTrue(n.input(0) instanceof InputNode, n + " reads no graph input: " + where);
                    }
                    if (n instanceof DequantizeNode) {
                        assertTrue(g.isOutput(n), n + " is no output: " + where);
                    }
                }
                OpCounts c = OpCounts.of(g);
                assertTrue(c.count("Quantize") <= 1, where);
                assertTrue(c.count("Dequantize") <= g.outputs().stream().map(Graph.Output::node).distinct().count(), where);
                assertEquals(0, c.floatComputeNodes(), where);
            }
            squaredErrorBefore += squaredError(net, net.graph());
            squaredErrorAfter += squaredError(net, g);
        }
        // Over all graphs, removing roundings does not make the results worse (10% allows for chance).
        assertTrue(squaredErrorAfter <= squaredErrorBefore * 1.1,
                "squared error against float: " + squaredErrorAfter + " after, " + squaredErrorBefore + " before");
    }

    @Test
    void theScaleKeepingRewritesAloneChangeNoOutputBit() {
        for (long seed = 1; seed <= GRAPHS; seed++) {
            RandomQuantNets net = RandomQuantNets.build(seed);
            Graph g = copy(net.graph());
            new QuantOptimizer().exactOnly(true).verifyEach(true).run(g);
            for (Map<String, Tensor> s : net.samples()) {
                RewriteHarness.assertAgree(Interpreter.run(net.graph(), s), Interpreter.run(g, s), 0);
            }
        }
    }

    /**
     * Applies the optimizer's rewrites one at a time, checking each against its claim: for even seeds in the
     * optimizer's order, for odd seeds in an order shuffled per graph (the claims must not depend on it,
     * and no two rewrites may undo each other).
     */
    private static void rewriteStepByStep(RandomQuantNets net, long seed, Map<String, Integer> fired) {
        Graph g = copy(net.graph());
        List<QuantRewrite> rewrites = new ArrayList<>(QuantOptimizer.rewrites());
        if (seed % 2 == 1) {
            Collections.shuffle(rewrites, new Random(seed));
        }
        for (int step = 0; step < 500; step++) {
            QuantRewrite rewrite = null;
            Node site = null;
            for (QuantRewrite r : rewrites) {
                site = g.nodes().stream().filter(n -> r.matches(n, g)).findFirst().orElse(null);
                if (site != null) {
                    rewrite = r;
                    break;
                }
            }
            if (rewrite == null) {
                return;
            }
            QuantRewrite.Numerics claim = rewrite.numerics(site, g);
            Graph before = copy(g);
            String siteName = site.name();
            Node replacement = rewrite.rewrite(site, g);
            GraphRewriter.replace(g, site, replacement);
            double tolerance = coarsestStep(before.find(siteName), replacement);
            Verifier.verify(g);
            fired.merge(rewrite.name(), 1, Integer::sum);
            String what = rewrite.name() + " on '" + siteName + "' (" + claim + ")";
            for (Map<String, Tensor> s : net.samples()) {
                if (claim == QuantRewrite.Numerics.EXACT) {
                    RewriteHarness.assertAgree(Interpreter.run(before, s), Interpreter.run(g, s), 0);
                } else {
                    float[] old = Values.real(valueOf(before, siteName, s));
                    float[] now = Values.real(valueOf(g, replacement.name(), s));
                    for (int i = 0; i < old.length; i++) {
                        if (!(Math.abs(old[i] - now[i]) <= tolerance * (1 + 1e-5) + 1e-6)) {
                            fail(what + ": element " + i + " was " + old[i] + ", is " + now[i] + " (one step: "
                                    + tolerance + ")");
                        }
                    }
                }
            }
        }
        fail("no fixed point after 500 rewrites");
    }

    /**
     * The largest per-tensor step among the types around a rewrite: the old node, its inputs and theirs
     * (the values a fold removes), and the replacement.
     */
    private static double coarsestStep(Node site, Node replacement) {
        List<TensorType> types = new ArrayList<>(List.of(site.type(), replacement.type()));
        for (Node in : site.inputs()) {
            types.add(in.type());
            in.inputs().forEach(x -> types.add(x.type()));
        }
        double step = 0;
        for (TensorType t : types) {
            if (t.isQuantized() && t.quant().isPerTensor()) {
                step = Math.max(step, t.quant().scale());
            }
        }
        return step;
    }

    /** The value of {@code name} when {@code g} runs on {@code inputs}. */
    private static Tensor valueOf(Graph g, String name, Map<String, Tensor> inputs) {
        if (g.find(name) instanceof ConstantNode c) {
            return c.value(); // the interpreter reports computed values only
        }
        Map<String, Tensor> seen = new LinkedHashMap<>();
        Interpreter.run(g, inputs, (n, v) -> {
            if (n.name().equals(name)) {
                seen.put(name, v);
            }
        });
        assertTrue(seen.containsKey(name), name + " was not computed");
        return seen.get(name);
    }

    private static double squaredError(RandomQuantNets net, Graph q) {
        double sum = 0;
        for (Map<String, Tensor> s : net.samples()) {
            Map<String, Tensor> f = Interpreter.run(net.floatGraph(), s);
            Map<String, Tensor> v = Interpreter.run(q, s);
            for (String out : f.keySet()) {
                float[] a = f.get(out).floats();
                float[] b = Values.real(v.get(out));
                for (int i = 0; i < a.length; i++) {
                    sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
                }
            }
        }
        return sum;
    }

    private static Graph copy(Graph g) {
        return GraphParser.parse(GraphPrinter.withAllData().print(g));
    }
}

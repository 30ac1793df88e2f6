package dev.glint.ir.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Random inputs for a graph and comparison of interpreter outputs. */
public final class GraphTesting {
    private GraphTesting() {}

    /** One random value per graph input: standard normal floats, uniform integers over the kind's range. */
    public static Map<String, Tensor> randomInputs(Graph graph, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (InputNode in : graph.inputs()) {
            inputs.put(in.name(), random(in.type(), r));
        }
        return inputs;
    }

    public static Tensor random(TensorType type, Random r) {
        int n = type.numElements();
        if (type.kind() == ElemKind.FLOAT32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) r.nextGaussian();
            }
            return Tensor.ofFloats(type, f);
        }
        if (type.kind() == ElemKind.INT64) {
            long[] l = new long[n];
            for (int i = 0; i < n; i++) {
                l[i] = r.nextInt(1000) - 500;
            }
            return Tensor.ofLongs(type, l);
        }
        int[] v = new int[n];
        long span = type.kind().max() - type.kind().min() + 1;
        for (int i = 0; i < n; i++) {
            v[i] = (int) (type.kind().min() + Math.floorMod(r.nextLong(), span));
        }
        return Tensor.ofInts(type, v);
    }

    /** Runs both graphs on the same random inputs and checks that they agree within {@code tol}. */
    public static void assertSameResults(Graph expected, Graph actual, double tol) {
        Map<String, Tensor> inputs = randomInputs(expected, 42);
        assertClose(Interpreter.run(expected, inputs), Interpreter.run(actual, inputs), tol);
    }

    /**
     * Same output names, types and, element by element, {@code |a - e| <= tol * max(1, |e|)} (NaN only
     * equal to NaN). With {@code tol == 0} the tensors must be bit-identical.
     */
    public static void assertClose(Map<String, Tensor> expected, Map<String, Tensor> actual, double tol) {
        assertEquals(expected.keySet(), actual.keySet(), "output names");
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            assertTrue(e.type().sameKindAndShape(a.type()), name + ": " + a.type() + " vs " + e.type());
            if (tol == 0) {
                assertEquals(e, a, name + " differs");
                continue;
            }
            for (int i = 0; i < e.size(); i++) {
                double ev = e.getDouble(i);
                double av = a.getDouble(i);
                boolean ok = ev == av || (Double.isNaN(ev) ? Double.isNaN(av) : Math.abs(av - ev) <= tol * Math.max(1, Math.abs(ev)));
                assertTrue(ok, name + "[" + i + "]: expected " + ev + ", got " + av);
            }
        }
    }
}

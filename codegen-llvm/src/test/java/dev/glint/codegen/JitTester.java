package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs a graph through the JIT and through the reference interpreter on the same random inputs and
 * compares: floats within {@code |jit - ref| <= ATOL + RTOL * |ref|} (NaN only equal to NaN), integers
 * exactly.
 */
final class JitTester {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    /** The three CPU settings every int8 result must agree on (the last two only on x86-64 hosts). */
    static final TargetSpec HOST = TargetSpec.host();
    static final TargetSpec AVX2 = TargetSpec.hostWithCpu("x86-64-v3", "");
    static final TargetSpec PORTABLE = TargetSpec.hostWithCpu("x86-64", "");

    private JitTester() {}

    /** The CPU settings to test on this machine. */
    static List<TargetSpec> cpuSettings() {
        return HOST.isX86() ? List.of(HOST, AVX2, PORTABLE) : List.of(HOST);
    }

    /** One random value per input: N(0,1) floats, integers uniform over the kind's range. */
    static Map<String, Tensor> randomInputs(Graph graph, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (InputNode in : graph.inputs()) {
            inputs.put(in.name(), random(in.type(), r));
        }
        return inputs;
    }

    static Tensor random(TensorType type, Random r) {
        int n = type.numElements();
        if (type.kind() == ElemKind.FLOAT32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) r.nextGaussian();
            }
            return Tensor.ofFloats(type, f);
        }
        int[] v = new int[n];
        long span = type.kind().max() - type.kind().min() + 1;
        for (int i = 0; i < n; i++) {
            v[i] = (int) (type.kind().min() + Math.floorMod(r.nextLong(), span));
        }
        return Tensor.ofInts(type, v);
    }

    /** Compiles for {@code target}, runs on random inputs and compares with the interpreter; returns the JIT outputs. */
    static Map<String, Tensor> assertMatchesInterpreter(Graph graph, TargetSpec target, long seed) {
        return assertMatchesInterpreter(graph, target, DotProductPolicy.TARGET, seed);
    }

    /** As above, with the int8 dot-product kernels chosen by {@code policy}. */
    static Map<String, Tensor> assertMatchesInterpreter(Graph graph, TargetSpec target, DotProductPolicy policy, long seed) {
        Map<String, Tensor> inputs = randomInputs(graph, seed);
        Map<String, Tensor> expected = Interpreter.run(graph, inputs);
        CodegenOptions options = CodegenOptions.defaults().withDotProduct(policy);
        try (CompiledNetwork net = new JitCompiler(target, options).compile(graph)) {
            Map<String, Tensor> actual = net.run(inputs);
            assertClose(expected, actual, graph.name() + " on " + target.cpu() + " (" + policy + ")");
            return actual;
        }
    }

    /** A CPU setting and dot-product policy to test int8 kernels under. */
    record Int8Config(TargetSpec target, DotProductPolicy policy) {
        @Override
        public String toString() {
            return target.cpu() + (policy == DotProductPolicy.TARGET ? "" : " " + policy.name().toLowerCase());
        }
    }

    /**
     * The int8 configurations: each CPU setting with its own best kernels, and the host with the VNNI and
     * SDOT kernels emulated (so their packing is exercised on any machine).
     */
    static List<Int8Config> int8Configs() {
        List<Int8Config> configs = new java.util.ArrayList<>();
        for (TargetSpec t : cpuSettings()) {
            configs.add(new Int8Config(t, DotProductPolicy.TARGET));
        }
        configs.add(new Int8Config(HOST, DotProductPolicy.EMULATE_VNNI));
        configs.add(new Int8Config(HOST, DotProductPolicy.EMULATE_SDOT));
        return configs;
    }

    static void assertClose(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": output names");
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            assertTrue(e.type().sameKindAndShape(a.type()), what + ": " + name + " is " + a.type() + ", expected " + e.type());
            if (e.type().kind() != ElemKind.FLOAT32) {
                for (int i = 0; i < e.size(); i++) {
                    if (e.getLong(i) != a.getLong(i)) {
                        fail(what + ": " + name + "[" + i + "] = " + a.getLong(i) + ", interpreter gives " + e.getLong(i)
                                + " (first of " + countDifferences(e, a) + " differences)");
                    }
                }
                continue;
            }
            for (int i = 0; i < e.size(); i++) {
                double ev = e.getDouble(i);
                double av = a.getDouble(i);
                boolean ok = Double.isNaN(ev) ? Double.isNaN(av) : Math.abs(av - ev) <= ATOL + RTOL * Math.abs(ev);
                if (!ok) {
                    fail(what + ": " + name + "[" + i + "] = " + av + ", interpreter gives " + ev);
                }
            }
        }
    }

    private static int countDifferences(Tensor e, Tensor a) {
        int n = 0;
        for (int i = 0; i < e.size(); i++) {
            n += e.getLong(i) != a.getLong(i) ? 1 : 0;
        }
        return n;
    }
}

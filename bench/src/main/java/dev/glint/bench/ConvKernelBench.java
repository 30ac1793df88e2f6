package dev.glint.bench;

import dev.glint.bundle.IoBoundary;
import dev.glint.cli.Latency;
import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConvNode;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.profile.Profiler;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One convolution layer compiled alone as Glint compiles networks, in float or int8 with per-channel
 * weights, the latter with integer inputs and outputs (the network's Quantize and Dequantize removed, as {@code glint compile --io
 * int8} does), so that the time measured is the convolution kernel's; it is timed by
 * {@link CompiledNetwork#timeCalls}, without the Java conversion of inputs and outputs.
 *
 * @param name a label, e.g. the layer it comes from
 * @param channelsIn input channels
 * @param channelsOut output channels
 * @param size input height and width
 * @param kernel kernel height and width (stride 1, padding kernel/2: output size = input size)
 */
record ConvKernelBench(String name, int channelsIn, int channelsOut, int size, int kernel) {
    /** ResNet-18's layer1 3x3 convolution. */
    static final ConvKernelBench RESNET18_LAYER1 = new ConvKernelBench("resnet18 layer1 conv 3x3", 64, 64, 56, 3);

    /**
     * The layer's run times: their median and p90, and the fastest run, which compares with the peak loops'
     * best of five (on a shared machine a busy moment slows the median, rarely the fastest run).
     */
    record Timing(Latency latency, double bestMs) {}

    /** Multiply-accumulates of one run: N * Cout * H * W * Cin * kh * kw (batch 1). */
    long macs() {
        return (long) channelsOut * size * size * channelsIn * kernel * kernel;
    }

    /** Compiles the layer, quantized with {@code weightBits}-bit weights, for {@code threads} threads and times it. */
    Timing measure(int threads, int weightBits, int warmup, int iterations) {
        Graph g = floatLayer();
        Random r = new Random(3);
        InputNode in = g.inputs().get(0);
        Profiler profiler = new Profiler(g);
        profiler.addSample(Map.of(in.name(), random(in.type(), r)));
        Graph q = Quantizer.quantize(g, profiler.toProfile("kernel"), QuantConfig.defaults().withWeightBits(weightBits)).graph();
        QuantOptimizer.optimize(q);
        IoBoundary.keepIntegers(q);
        Tensor input = Tensor.zeros(q.inputs().get(0).type());
        int[] codes = input.ints();
        for (int i = 0; i < codes.length; i++) {
            codes[i] = r.nextInt(256) - 128;
        }
        return time(q, input, threads, warmup, iterations);
    }

    /** Compiles the float layer for {@code threads} threads and times it. */
    Timing measureFloat(int threads, int warmup, int iterations) {
        Graph g = floatLayer();
        return time(g, random(g.inputs().get(0).type(), new Random(3)), threads, warmup, iterations);
    }

    private static Timing time(Graph g, Tensor input, int threads, int warmup, int iterations) {
        try (CompiledNetwork net = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults().withThreads(threads))
                .compile(g)) {
            Map<String, Tensor> feed = Map.of(g.inputs().get(0).name(), input);
            // the compiled code alone: run() would add Java's conversion of 200 KB in and out per call
            long[] nanos = net.timeCalls(feed, warmup + iterations);
            double[] millis = new double[iterations];
            double total = 0;
            for (int i = 0; i < iterations; i++) {
                millis[i] = nanos[warmup + i] / 1e6;
                total += millis[i];
            }
            return new Timing(Latency.of(millis, total / 1e3), Arrays.stream(millis).min().orElseThrow());
        }
    }

    private Graph floatLayer() {
        Graph g = new Graph("conv_kernel");
        Random r = new Random(7);
        InputNode x = g.addInput("x", TensorType.f32(1, channelsIn, size, size));
        Node w = g.addConstant("w", random(TensorType.f32(channelsOut, channelsIn, kernel, kernel), r));
        Node b = g.addConstant("b", random(TensorType.f32(channelsOut), r));
        int p = kernel / 2;
        Attributes attrs = Attributes.builder().put("pads", new long[] {p, p, p, p}).put("strides", new long[] {1, 1})
                .put("dilations", new long[] {1, 1}).put("group", 1L).build();
        Node y = g.add(new ConvNode("y", List.of(x, w, b), attrs));
        g.addOutput("y", y);
        return g;
    }

    private static Tensor random(TensorType t, Random r) {
        float[] v = new float[t.numElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.ofFloats(t, v);
    }
}

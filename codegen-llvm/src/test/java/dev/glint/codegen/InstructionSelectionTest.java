package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The int8 conv and fully connected kernels really use the target's dot-product instruction, and the float
 * ones fused multiply-adds on the target's widest vectors: assembly is
 * emitted for targets this machine need not have, and searched for the instruction. Each positive check
 * has a negative control (a target without the instruction must not contain it), so the search cannot
 * pass vacuously.
 */
class InstructionSelectionTest {
    private static final String X86 = "x86_64-unknown-linux-gnu";
    private static final String ARM = "aarch64-linux-gnu";

    /** An int8 3x3 conv (16 to 32 channels) and an int8 fully connected layer (64 to 48). */
    static Graph convAndFullyConnected() {
        return convAndFullyConnected(new QuantizedLayers(5));
    }

    /** The same layers with weights drawn by {@code q}. */
    static Graph convAndFullyConnected(QuantizedLayers q) {
        Graph g = new Graph("isa");
        TensorType xt = q.activation(ElemKind.INT8, 1, 16, 8, 8);
        InputNode x = g.addInput("x", xt);
        Tensor w = q.weights(new int[] {32, 16, 3, 3}, false);
        Attributes a = Attributes.builder().put("pads", new long[] {1, 1, 1, 1}).build();
        QuantizedLayers.addOutput(g, "Conv", "conv", List.<Node>of(x, g.addConstant("w", w), g.addConstant("b", q.bias(32))),
                a, ElemKind.INT8, q.output(ElemKind.INT8, xt, w, 144));
        TensorType vt = q.activation(ElemKind.INT8, 2, 64);
        InputNode v = g.addInput("v", vt);
        Tensor fw = q.weights(new int[] {48, 64}, false);
        QuantizedLayers.addOutput(g, "FullyConnected", "fc", List.<Node>of(v, g.addConstant("fw", fw)), Attributes.EMPTY,
                ElemKind.INT8, q.output(ElemKind.INT8, vt, fw, 64));
        return g;
    }

    /** A float 3x3 conv (16 to 32 channels) and a float fully connected layer (64 to 48). */
    static Graph floatConvAndFullyConnected() {
        Graph g = new Graph("isa");
        InputNode x = g.addInput("x", TensorType.f32(1, 16, 8, 8));
        Attributes a = Attributes.builder().put("pads", new long[] {1, 1, 1, 1}).build();
        QuantizedLayers.addOutput(g, "Conv", "conv", List.<Node>of(x, g.addConstant("w", floats(32, 16, 3, 3)),
                g.addConstant("b", floats(32))), a, ElemKind.FLOAT32, null);
        InputNode v = g.addInput("v", TensorType.f32(2, 64));
        QuantizedLayers.addOutput(g, "FullyConnected", "fc", List.<Node>of(v, g.addConstant("fw", floats(48, 64))),
                Attributes.EMPTY, ElemKind.FLOAT32, null);
        return g;
    }

    private static Tensor floats(int... shape) {
        float[] data = new float[TensorType.f32(shape).numElements()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 7 - 3) / 8f;
        }
        return Tensor.ofFloats(data, shape);
    }

    private static String assembly(String triple, String cpu, String features) {
        return assembly(convAndFullyConnected(), triple, cpu, features);
    }

    private static String assembly(Graph graph, String triple, String cpu, String features) {
        TargetSpec t = new TargetSpec(triple, cpu, features);
        return new ObjectEmitter(t, CodegenOptions.defaults()).emitAssembly(graph, "isa").text();
    }

    private static int count(String asm, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(asm);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void avx512VnniUsesVpdpbusdOnZmm() {
        for (String cpu : List.of("znver4", "sapphirerapids")) {
            String asm = assembly(X86, cpu, "");
            assertTrue(count(asm, "^\\s*vpdpbusd\\s.*zmm") > 0, cpu + ": no vpdpbusd on zmm registers");
        }
        String explicit = assembly(X86, "x86-64-v3", "+avx512f,+avx512bw,+avx512vl,+avx512vnni,+evex512");
        assertTrue(count(explicit, "^\\s*vpdpbusd\\s.*zmm") > 0, "+avx512vnni,+evex512 given as features");
        String noEvex512 = assembly(X86, "x86-64-v3", "+avx512f,+avx512vl,+avx512vnni");
        assertTrue(count(noEvex512, "^\\s*vpdpbusd\\s.*ymm") > 0, "AVX-512 VNNI without evex512: the ymm form");
        assertFalse(noEvex512.contains("zmm"), "no 512-bit registers without evex512");
    }

    @Test
    void avxVnniUsesVexVpdpbusdOnYmm() {
        String asm = assembly(X86, "alderlake", "");
        assertTrue(count(asm, "^\\s*\\{vex\\}\\s*vpdpbusd\\s.*ymm") > 0, "alderlake: no {vex} vpdpbusd on ymm");
        assertFalse(asm.contains("zmm"), "alderlake has no 512-bit registers");
    }

    @Test
    void avx2UsesVpmaddwdAndNoVnni() {
        String asm = assembly(X86, "x86-64-v3", "");
        assertTrue(count(asm, "^\\s*vpmaddwd\\s.*ymm") > 0, "x86-64-v3: no vpmaddwd on ymm");
        assertFalse(asm.contains("vpdpbusd"), "x86-64-v3 has no VNNI");
        String negated = assembly(X86, "znver4", "-avx512vnni");
        assertFalse(negated.contains("vpdpbusd"), "an explicit -avx512vnni must win over the CPU's features");
    }

    @Test
    void avx2WithSevenBitWeightsUsesVpmaddubsw() {
        TargetSpec t = new TargetSpec(X86, "x86-64-v3", "");
        String asm = new ObjectEmitter(t, CodegenOptions.defaults())
                .emitAssembly(convAndFullyConnected(new QuantizedLayers(5).weightCodes(-63, 63)), "isa").text();
        assertTrue(count(asm, "^\\s*vpmaddubsw\\s.*ymm") > 0, "7-bit weights on x86-64-v3: no vpmaddubsw on ymm");
        assertFalse(assembly(X86, "x86-64-v3", "").contains("vpmaddubsw"), "full-range weights would saturate vpmaddubsw");
    }

    @Test
    void aarch64DotProductUsesSdot() {
        String asm = assembly(ARM, "cortex-a76", "");
        assertTrue(count(asm, "^\\s*sdot\\s+v\\d+\\.4s, v\\d+\\.16b, v\\d+\\.16b") > 0, "cortex-a76: no sdot");
        assertTrue(count(assembly(ARM, "generic", "+dotprod"), "^\\s*sdot\\s") > 0, "+dotprod given as a feature");
        assertFalse(assembly(ARM, "cortex-a53", "").contains("sdot"), "cortex-a53 has no dot product");
    }

    @Test
    void floatTilesUseFusedMultiplyAdd() {
        String v3 = assembly(floatConvAndFullyConnected(), X86, "x86-64-v3", "");
        assertTrue(v3.contains("f32_igemm_6x16__fma_ymm_float"), "x86-64-v3: the 6x16 FMA tile");
        assertTrue(count(v3, "^\\s*vfmadd\\d+ps\\s.*ymm") >= 12, "x86-64-v3: fewer than 12 vfmadd on ymm");
        String znver4 = assembly(floatConvAndFullyConnected(), X86, "znver4", "");
        assertTrue(count(znver4, "^\\s*vfmadd\\d+ps\\s.*zmm") >= 16, "znver4: fewer than 16 vfmadd on zmm");
        String arm = assembly(floatConvAndFullyConnected(), ARM, "generic", "");
        assertTrue(count(arm, "^\\s*fmla\\s+v\\d+\\.4s") >= 16, "aarch64: fewer than 16 fmla on 4 lanes");
        String baseline = assembly(floatConvAndFullyConnected(), X86, "x86-64", "");
        assertFalse(baseline.contains("vfmadd"), "baseline x86-64 has no FMA");
    }
}

package dev.glint.ir.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.InputNode;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ops.OpRegistry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 reference kernels agree with the float kernels on dequantized data to within the rounding the
 * quantization itself introduces (a few output steps), across odd shapes, strides, pads and groups.
 */
class QuantizedOpsTest {
    private final Random rnd = new Random(42);

    private float[] uniform(int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + rnd.nextFloat() * (hi - lo);
        }
        return v;
    }

    private static Tensor quantize(Tensor x, TensorType t) {
        QuantParams q = t.quant();
        float[] f = x.floats();
        int[] out = new int[f.length];
        int[] shape = t.shape();
        int inner = q.isPerTensor() ? f.length : dev.glint.ir.ops.Shapes.product(shape, q.axis() + 1, shape.length);
        for (int i = 0; i < f.length; i++) {
            int c = q.isPerTensor() ? 0 : (i / inner) % shape[q.axis()];
            out[i] = NumericContract.quantize(f[i], q.scale(c), q.offset(c), (int) t.kind().min(), (int) t.kind().max());
        }
        return Tensor.ofInts(t, out);
    }

    private static float maxAbsDiffInSteps(Tensor q, Tensor ref) {
        QuantParams p = q.type().quant();
        float worst = 0;
        for (int i = 0; i < ref.size(); i++) {
            float deq = NumericContract.dequantize(q.ints()[i], p.scale(), p.offset());
            worst = Math.max(worst, Math.abs(deq - ref.floats()[i]) / p.scale());
        }
        return worst;
    }

    @Test
    void convMatchesFloatWithinTwoSteps() {
        int[][] cases = { // c, h, w, m, k, stride, pad, group, dilation
            {3, 7, 5, 4, 3, 1, 1, 1, 1}, {4, 9, 9, 8, 3, 2, 0, 2, 1}, {6, 6, 7, 6, 3, 1, 2, 6, 2}, {2, 5, 5, 3, 1, 1, 0, 1, 1}};
        for (int[] c : cases) {
            int cin = c[0], h = c[1], w = c[2], m = c[3], k = c[4], stride = c[5], pad = c[6], group = c[7], dil = c[8];
            Tensor x = Tensor.ofFloats(uniform(cin * h * w, -1f, 2f), 1, cin, h, w);
            Tensor wt = Tensor.ofFloats(uniform(m * (cin / group) * k * k, -0.5f, 0.5f), m, cin / group, k, k);
            Tensor b = Tensor.ofFloats(uniform(m, -0.2f, 0.2f), m);
            Attributes a = Attributes.builder().put("strides", new long[] {stride, stride})
                    .put("pads", new long[] {pad, pad, pad, pad}).put("dilations", new long[] {dil, dil})
                    .put("group", group).build();
            Node xf = new InputNode("x", x.type());
            Node wf = new ConstantNode("w", wt);
            Node bf = new ConstantNode("b", b);
            Node conv = OpRegistry.create("Conv", "y", List.of(xf, wf, bf), a);
            conv.setType(conv.inferType());
            Tensor ref = conv.evaluate(List.of(x, wt, b));

            float sx = 3f / 255;
            TensorType xq = new TensorType(ElemKind.INT8, x.shape(), QuantParams.perTensor(sx, -43));
            float[] sw = new float[m];
            for (int oc = 0; oc < m; oc++) {
                sw[oc] = 0.5f / 127 * (1 + oc % 3);
            }
            TensorType wq = new TensorType(ElemKind.INT8, wt.shape(), QuantParams.perAxis(0, sw, new int[m]));
            float[] refMax = ref.floats();
            float lo = 0, hi = 0;
            for (float v : refMax) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float sy = (hi - lo) / 255;
            int zy = Math.round(-128 - lo / sy);
            TensorType yq = new TensorType(ElemKind.INT8, ref.shape(), QuantParams.perTensor(sy, zy));
            int[] bq = new int[m];
            for (int oc = 0; oc < m; oc++) {
                bq[oc] = Math.round(b.floats()[oc] / (sx * sw[oc]));
            }
            Tensor bqt = Tensor.ofInts(TensorType.of(ElemKind.INT32, m), bq);
            Tensor xqt = quantize(x, xq);
            Tensor wqt = quantize(wt, wq);
            Node xi = new InputNode("x", xq);
            Node wi = new ConstantNode("w", wqt);
            Node bi = new ConstantNode("b", bqt);
            Node qconv = OpRegistry.create("Conv", "y", List.of(xi, wi, bi), a);
            qconv.setType(yq);
            Tensor got = qconv.evaluate(List.of(xqt, wqt, bqt));
            float steps = maxAbsDiffInSteps(got, ref);
            assertTrue(steps <= 2.5f, "case " + java.util.Arrays.toString(c) + ": off by " + steps + " steps");
        }
    }

    /**
     * An i32 output without parameters receives the int32 accumulators as they are (ONNX ConvInteger,
     * MatMulInteger), bias included and beyond any 8-bit range; inference accepts the declared kind.
     */
    @Test
    void rawAccumulatorOutputsSkipRequantization() {
        TensorType xq = new TensorType(ElemKind.UINT8, new int[] {2, 3}, QuantParams.perTensor(0.5f, 3));
        TensorType wq = new TensorType(ElemKind.INT8, new int[] {2, 3}, QuantParams.perAxis(0, new float[] {1f, 2f},
                new int[] {0, -1}));
        Tensor x = Tensor.ofInts(xq, new int[] {3, 255, 0, 200, 4, 5});
        Tensor w = Tensor.ofInts(wq, new int[] {127, 1, -128, 2, -1, 0});
        Tensor b = Tensor.ofInts(TensorType.of(ElemKind.INT32, 2), new int[] {1000, -7});
        Node fc = OpRegistry.create("FullyConnected", "y", List.of(new InputNode("x", xq), new ConstantNode("w", w),
                new ConstantNode("b", b)), Attributes.EMPTY);
        fc.setType(TensorType.of(ElemKind.INT32, 2, 2));
        assertEquals(ElemKind.INT32, fc.inferKind());
        Tensor y = fc.evaluate(List.of(x, w, b));
        // x - 3 = [[0, 252, -3], [197, 1, 2]]; w - offset = [[127, 1, -128], [3, 0, 1]].
        int[] expected = {1000 + 252 + 384, -7 + 0 + 0 - 3, 1000 + 197 * 127 + 1 - 256, -7 + 591 + 0 + 2};
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(y.ints()));

        TensorType bq = new TensorType(ElemKind.INT8, new int[] {3, 2}, QuantParams.perTensor(1f, 1));
        Tensor bm = Tensor.ofInts(bq, new int[] {2, 0, -128, 1, 127, 3});
        Node mm = OpRegistry.create("MatMul", "z", List.of(new InputNode("x", xq), new InputNode("b", bq)),
                Attributes.EMPTY);
        mm.setType(TensorType.of(ElemKind.INT32, 2, 2));
        Tensor z = mm.evaluate(List.of(x, bm));
        // b - 1 = [[1, -1], [-129, 0], [126, 2]].
        int[] expectedZ = {0 - 252 * 129 - 3 * 126, 0 + 0 - 6, 197 - 129 + 252, -197 + 0 + 4};
        assertEquals(java.util.Arrays.toString(expectedZ), java.util.Arrays.toString(z.ints()));
    }

    @Test
    void addOfDifferentScalesMatchesFloat() {
        TensorType ta = new TensorType(ElemKind.INT8, new int[] {2, 3}, QuantParams.perTensor(0.02f, 10));
        TensorType tb = new TensorType(ElemKind.INT8, new int[] {3}, QuantParams.perTensor(0.05f, -7));
        TensorType ty = new TensorType(ElemKind.INT8, new int[] {2, 3}, QuantParams.perTensor(0.07f, 0));
        Tensor a = Tensor.ofInts(ta, new int[] {-128, -5, 0, 17, 100, 127});
        Tensor b = Tensor.ofInts(tb, new int[] {-128, 0, 127});
        Node add = OpRegistry.create("Add", "y", List.of(new InputNode("a", ta), new InputNode("b", tb)), Attributes.EMPTY);
        add.setType(ty);
        Tensor y = add.evaluate(List.of(a, b));
        for (int i = 0; i < 6; i++) {
            float ra = (a.ints()[i] - 10) * 0.02f;
            float rb = (b.ints()[i % 3] + 7) * 0.05f;
            int expect = Math.max(-128, Math.min(127, (int) Math.rint((ra + rb) / 0.07f)));
            assertEquals(expect, y.ints()[i], 1, "element " + i);
        }
    }

    @Test
    void lookupTableReluIsExactOnSharedScale() {
        TensorType t = new TensorType(ElemKind.INT8, new int[] {256}, QuantParams.perTensor(0.1f, -20));
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) {
            all[i] = i - 128;
        }
        Node relu = OpRegistry.create("Relu", "y", List.of(new InputNode("x", t)), Attributes.EMPTY);
        relu.setType(t);
        Tensor y = relu.evaluate(List.of(Tensor.ofInts(t, all)));
        for (int i = 0; i < 256; i++) {
            assertEquals(Math.max(all[i], -20), y.ints()[i]);
        }
    }

    @Test
    void softmaxRowsSumToAboutOne() {
        TensorType t = new TensorType(ElemKind.INT8, new int[] {2, 5}, QuantParams.perTensor(0.1f, 0));
        TensorType ty = new TensorType(ElemKind.UINT8, new int[] {2, 5}, QuantParams.perTensor(1f / 256, 0));
        Node sm = OpRegistry.create("Softmax", "y", List.of(new InputNode("x", t)), Attributes.builder().put("axis", 1).build());
        sm.setType(ty);
        Tensor y = sm.evaluate(List.of(Tensor.ofInts(t, new int[] {0, 10, 20, 30, 40, -128, -128, -128, -128, -128})));
        int s0 = 0, s1 = 0;
        for (int j = 0; j < 5; j++) {
            s0 += y.ints()[j];
            s1 += y.ints()[5 + j];
        }
        assertEquals(256, s0, 3);
        assertEquals(256, s1, 3);
        assertEquals(51, y.ints()[5], 1);
    }
}

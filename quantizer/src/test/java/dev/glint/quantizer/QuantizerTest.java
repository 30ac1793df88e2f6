package dev.glint.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ProfileFormat;
import dev.glint.quantizer.profile.Profiler;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Profile a small CNN, quantize it, and check the int8 graph against the float one. */
class QuantizerTest {
    private final Random rnd = new Random(11);

    private Tensor random(float lo, float hi, int... shape) {
        TensorType t = TensorType.f32(shape);
        float[] v = new float[t.numElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + rnd.nextFloat() * (hi - lo);
        }
        return Tensor.ofFloats(t, v);
    }

    private Node add(Graph g, String op, String name, Attributes a, Node... in) {
        return g.add(OpRegistry.create(op, name, List.of(in), a));
    }

    /** x[1,2,8,8] → Conv 3x3 (4 ch) → Relu → MaxPool 2 → Reshape → FC(10) → Softmax, plus a Tanh side branch. */
    private Graph smallCnn() {
        Graph g = new Graph("small");
        Node x = g.addInput("x", TensorType.f32(1, 2, 8, 8));
        Node w = g.addConstant("w", random(-0.5f, 0.5f, 4, 2, 3, 3));
        Node b = g.addConstant("b", random(-0.1f, 0.1f, 4));
        Node conv = add(g, "Conv", "conv", Attributes.builder().put("pads", new long[] {1, 1, 1, 1}).build(), x, w, b);
        Node relu = add(g, "Relu", "relu", Attributes.EMPTY, conv);
        Node pool = add(g, "MaxPool", "pool", Attributes.builder().put("kernel_shape", new long[] {2, 2})
                .put("strides", new long[] {2, 2}).build(), relu);
        Node flat = add(g, "Reshape", "flat", Attributes.builder().put("shape", new long[] {1, 64}).build(), pool);
        Node fw = g.addConstant("fw", random(-0.3f, 0.3f, 10, 64));
        Node fb = g.addConstant("fb", random(-0.1f, 0.1f, 10));
        Node fc = add(g, "FullyConnected", "fc", Attributes.EMPTY, flat, fw, fb);
        Node sm = add(g, "Softmax", "prob", Attributes.builder().put("axis", 1).build(), fc);
        Node tanh = add(g, "Tanh", "side", Attributes.EMPTY, fc);
        Node div = add(g, "Div", "ratio", Attributes.EMPTY, tanh, sm);
        g.addOutput("prob", sm);
        g.addOutput("logits", fc);
        g.addOutput("ratio", div);
        return g;
    }

    private Profile profileOf(Graph g, int samples) {
        Profiler p = new Profiler(g);
        for (int i = 0; i < samples; i++) {
            p.addSample(Map.of("x", random(-1f, 1f, 1, 2, 8, 8)));
        }
        return p.toProfile("hash-of-small");
    }

    @Test
    void quantizedLogitsTrackTheFloatLogits() {
        Graph g = smallCnn();
        Profile profile = profileOf(g, 200);
        Quantizer.Result r = Quantizer.quantize(g, profile, QuantConfig.defaults());
        double num = 0;
        double den = 0;
        for (int s = 0; s < 20; s++) {
            Tensor x = random(-1f, 1f, 1, 2, 8, 8);
            float[] f = Interpreter.run(g, Map.of("x", x)).get("logits").floats();
            float[] q = Interpreter.run(r.graph(), Map.of("x", x)).get("logits").floats();
            for (int i = 0; i < f.length; i++) {
                num += (f[i] - q[i]) * (f[i] - q[i]);
                den += f[i] * f[i];
            }
        }
        double sqnr = 10 * Math.log10(den / num);
        assertTrue(sqnr > 25, "SQNR " + sqnr + " dB"); // each int8 layer measures 31-38 dB on its own
    }

    @Test
    void int16ActivationsAreMoreAccurateThanInt8() {
        Graph g = smallCnn();
        Profile profile = profileOf(g, 100);
        Quantizer.Result q8 = Quantizer.quantize(g, profile, QuantConfig.defaults());
        Quantizer.Result q16 = Quantizer.quantize(g, profile,
                QuantConfig.defaults().withSchema(dev.glint.quantizer.schema.Schema.parse("symmetric-int16")));
        assertEquals(dev.glint.ir.ElemKind.INT16, q16.graph().find("conv").type().kind());
        double e8 = 0;
        double e16 = 0;
        for (int s = 0; s < 10; s++) {
            Tensor x = random(-1f, 1f, 1, 2, 8, 8);
            float[] f = Interpreter.run(g, Map.of("x", x)).get("logits").floats();
            float[] a = Interpreter.run(q8.graph(), Map.of("x", x)).get("logits").floats();
            float[] b = Interpreter.run(q16.graph(), Map.of("x", x)).get("logits").floats();
            for (int i = 0; i < f.length; i++) {
                e8 += (f[i] - a[i]) * (f[i] - a[i]);
                e16 += (f[i] - b[i]) * (f[i] - b[i]);
            }
        }
        // 8 more bits of activation precision: the error is limited by the 8-bit weights, but still far lower
        assertTrue(e16 < e8 / 3, "int16 error " + e16 + " vs int8 " + e8);
    }

    @Test
    void reportNamesEveryFloatNodeAndWhy() {
        Graph g = smallCnn();
        Quantizer.Result r = Quantizer.quantize(g, profileOf(g, 5), QuantConfig.defaults().withKeepFloat(Set.of("side")));
        var floats = r.report().floatEntries();
        assertEquals(2, floats.size(), floats.toString());
        assertEquals("kept in float by --keep-float", floats.get(0).reason());
        assertEquals("no int8 implementation of Div", floats.get(1).reason());
        assertEquals("i8", r.report().entries().get(0).precision());
        GlintException e = assertThrows(GlintException.class,
                () -> Quantizer.quantize(g, profileOf(g, 2), QuantConfig.defaults().withStrict(true)));
        assertTrue(e.getMessage().contains("Div 'ratio'"), e.getMessage());
    }

    @Test
    void profilesRoundTripAndRefuseOtherModels() {
        Graph g = smallCnn();
        Profile p = profileOf(g, 3);
        Profile back = ProfileFormat.fromJson(ProfileFormat.toJson(p), "p.json");
        assertEquals(ProfileFormat.toJson(p), ProfileFormat.toJson(back));
        back.checkFits(g, "hash-of-small", "p.json");
        GlintException e = assertThrows(GlintException.class, () -> back.checkFits(g, "another-hash", "p.json"));
        assertTrue(e.getMessage().contains("model hash differs"), e.getMessage());
        Graph other = new Graph("other");
        Node x = other.addInput("x", TensorType.f32(1, 2, 8, 8));
        other.addOutput("y", add(other, "Relu", "y", Attributes.EMPTY, x));
        GlintException e2 = assertThrows(GlintException.class, () -> back.checkFits(other, "hash-of-small", "p.json"));
        assertTrue(e2.getMessage().contains("1 values have no profile (e.g. y)"), e2.getMessage());
        assertTrue(e2.getMessage().contains("profiled values are not in the model"), e2.getMessage());
    }

    @Test
    void nonFiniteCalibrationDataAndEmptyDatasetsAreErrors() {
        Graph g = smallCnn();
        Profiler p = new Profiler(g);
        Tensor x = random(-1f, 1f, 1, 2, 8, 8);
        x.floats()[3] = Float.NaN;
        GlintException e = assertThrows(GlintException.class, () -> p.addSample(Map.of("x", x)));
        assertTrue(e.getMessage().contains("'x' contains NaN"), e.getMessage());
        assertThrows(GlintException.class, () -> new Profiler(g).toProfile("h"));
    }

    @Test
    void malformedProfilesAreClearErrors() {
        assertThrows(GlintException.class, () -> ProfileFormat.fromJson("{", "p.json"));
        assertThrows(GlintException.class, () -> ProfileFormat.fromJson("{\"format\":\"other\"}", "p.json"));
        GlintException e = assertThrows(GlintException.class, () -> ProfileFormat.fromJson(
                "{\"format\":\"glint-profile\",\"modelSha256\":\"h\",\"tool\":\"t\",\"samples\":1,\"inputs\":{},"
                        + "\"values\":{\"v\":{\"min\":1,\"max\":0,\"histogram\":{\"lo\":0,\"width\":1,\"counts\":[1,0]}}}}",
                "p.json"));
        assertTrue(e.getMessage().contains("values.v"), e.getMessage());
    }
}

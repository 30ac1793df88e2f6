package dev.glint.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.ActivationQuant;
import dev.glint.quantizer.schema.Schema;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each calibration method and schema on distributions whose best answer is known. */
class CalibrationTest {
    private static ValueProfile profile(float[] data) {
        ValueProfile p = new ValueProfile();
        p.add(data);
        return p;
    }

    /** 100 000 standard normal samples plus a few huge outliers at ±1000. */
    private static float[] gaussianWithOutliers() {
        Random r = new Random(7);
        float[] v = new float[100_004];
        for (int i = 0; i < 100_000; i++) {
            v[i] = (float) r.nextGaussian();
        }
        v[100_000] = 1000f;
        v[100_001] = -1000f;
        v[100_002] = 900f;
        v[100_003] = -900f;
        return v;
    }

    @Test
    void minMaxKeepsTheWholeRange() {
        Calibration.Range r = Calibration.parse("minmax").choose(profile(new float[] {-3f, 0.5f, 7f}), Schema.parse("asymmetric"));
        assertEquals(-3f, r.lo());
        assertEquals(7f, r.hi());
    }

    @Test
    void percentileClipsOutliers() {
        Calibration.Range r = Calibration.parse("percentile:99.9").choose(profile(gaussianWithOutliers()), Schema.parse("symmetric"));
        // the 99.9th percentile of N(0,1) is 3.09
        assertEquals(3.09, r.hi(), 0.6);
        assertEquals(-3.09, r.lo(), 0.6);
    }

    @Test
    void klClipsOutliersOfAGaussian() {
        Calibration.Range r = Calibration.parse("kl").choose(profile(gaussianWithOutliers()), Schema.parse("symmetric"));
        // with 2048 bins over [0, 1000] the smallest threshold KL can pick is 128 bins = 62.5
        assertTrue(r.hi() > 2 && r.hi() <= 62.6, "KL threshold " + r.hi() + " should clip the ±1000 outliers");
        assertEquals(-r.hi(), r.lo(), 1e-3);
    }

    @Test
    void klKeepsAUniformRange() {
        float[] v = new float[50_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / (float) v.length * 4f;
        }
        Calibration.Range r = Calibration.parse("kl").choose(profile(v), Schema.parse("asymmetric"));
        assertEquals(0f, r.lo());
        assertTrue(r.hi() > 3.5f, "a uniform distribution should keep (almost) its whole range, got " + r.hi());
    }

    @Test
    void mseBeatsMinMaxOnATailAndKeepsUniform() {
        Random r = new Random(3);
        float[] laplace = new float[200_000];
        for (int i = 0; i < laplace.length; i++) {
            double u = r.nextDouble() - 0.5;
            laplace[i] = (float) (-Math.signum(u) * Math.log(1 - 2 * Math.abs(u)));
        }
        ValueProfile p = profile(laplace);
        Schema sym = Schema.parse("symmetric");
        Calibration.Range g = Calibration.parse("mse").choose(p, sym);
        assertTrue(g.hi() < p.max(), "a Laplace tail should be clipped, got " + g.hi() + " of " + p.max());
        double errMse = squaredError(laplace, sym.choose(g.lo(), g.hi()));
        double errMinMax = squaredError(laplace, sym.choose(p.min(), p.max()));
        assertTrue(errMse < errMinMax, "MSE range error " + errMse + " vs min-max " + errMinMax);
        float[] u = new float[10_000];
        for (int i = 0; i < u.length; i++) {
            u[i] = -1f + 2f * i / u.length;
        }
        Calibration.Range ur = Calibration.parse("mse").choose(profile(u), Schema.parse("symmetric"));
        assertTrue(ur.hi() > 0.9f, "uniform data should not be clipped much, got " + ur.hi());
    }

    private static double squaredError(float[] data, ActivationQuant q) {
        double e = 0;
        for (float x : data) {
            int code = dev.glint.ir.quant.NumericContract.quantize(x, q.scale(), q.offset(), -128, 127);
            double d = x - dev.glint.ir.quant.NumericContract.dequantize(code, q.scale(), q.offset());
            e += d * d;
        }
        return e;
    }

    @Test
    void badNamesAreClearErrors() {
        assertThrows(GlintException.class, () -> Calibration.parse("entropy"));
        assertThrows(GlintException.class, () -> Calibration.parse("percentile:20"));
        assertThrows(GlintException.class, () -> Schema.parse("weird"));
    }

    @Test
    void schemas() {
        ActivationQuant a = Schema.parse("asymmetric").choose(-1f, 3f);
        assertEquals(ElemKind.INT8, a.kind());
        assertEquals(4f / 255, a.scale(), 1e-7);
        assertEquals(-128 + 64, a.offset()); // -1 maps to -128: offset = -128 + 1/scale
        ActivationQuant relu = Schema.parse("asymmetric").choose(0f, 6f);
        assertEquals(-128, relu.offset());
        ActivationQuant s = Schema.parse("symmetric").choose(-2f, 1f);
        assertEquals(2f / 127, s.scale(), 1e-7);
        assertEquals(0, s.offset());
        ActivationQuant u = Schema.parse("symmetric-uint8").choose(0f, 5.1f);
        assertEquals(ElemKind.UINT8, u.kind());
        assertEquals(0.02f, u.scale(), 1e-7);
        assertEquals(ElemKind.INT8, Schema.parse("symmetric-uint8").choose(-1f, 5f).kind());
        ActivationQuant p = Schema.parse("power2").choose(-3f, 3f);
        assertEquals(1f / 32, p.scale()); // 3/127 = 0.0236 rounds up to 2^-5
        ActivationQuant zero = Schema.parse("asymmetric").choose(0f, 0f);
        assertTrue(zero.scale() > 0);
    }
}

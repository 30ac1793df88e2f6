package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CancelDequantizeQuantizeTest {
    private static final QuantRewrite REWRITE = new CancelDequantizeQuantize();

    @Test
    void aFloatValueThatWentToIntegersAndBackIsUsedAsItWas() {
        // Inputs lie in [-2, 2), inside the type's range [-4, 3.97]: only the rounding (half a step) goes.
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  %s = Sigmoid(%x) : f32[2,3]
                  return %s, %x as "d"
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: f32[2,3]) {
                  %q = Quantize(%x) : i8[2,3]{scale=0.03125,offset=0}
                  %d = Dequantize(%q) : f32[2,3]
                  %s = Sigmoid(%d) : f32[2,3]
                  return %s, %d
                }
                """, 0.03125 / 2));
    }

    @Test
    void doesNotFireWhenTheQuantizeHasAnotherReader() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[2,3]) {
                  %q = Quantize(%x) : i8[2,3]{scale=0.03125,offset=0}
                  %d = Dequantize(%q) : f32[2,3]
                  %r = Relu(%q) : i8[2,3]{scale=0.03125,offset=0}
                  return %d, %r
                }
                """);
    }

    @Test
    void doesNotFireWhenTheQuantizeIsAnOutput() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[2,3]) {
                  %q = Quantize(%x) : i8[2,3]{scale=0.03125,offset=0}
                  %d = Dequantize(%q) : f32[2,3]
                  return %d, %q
                }
                """);
    }
}

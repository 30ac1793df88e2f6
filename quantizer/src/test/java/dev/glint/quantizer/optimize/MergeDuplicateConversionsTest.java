package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MergeDuplicateConversionsTest {
    private static final QuantRewrite REWRITE = new MergeDuplicateConversions();

    @Test
    void oneQuantizeDequantizeAndRescalePerValueAndType() {
        assertEquals("""
                graph g(%x: f32[4]) {
                  %q1 = Quantize(%x) : i8[4]{scale=0.02,offset=0}
                  %a = Relu(%q1) : i8[4]{scale=0.02,offset=-128}
                  %b = Sigmoid(%q1) : i8[4]{scale=0.00390625,offset=-128}
                  %r1 = Rescale(%a) : i8[4]{scale=0.04,offset=-128}
                  %d1 = Dequantize(%r1) : f32[4]
                  return %d1, %d1 as "d2", %r1 as "r2", %b
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: f32[4]) {
                  %q1 = Quantize(%x) : i8[4]{scale=0.02,offset=0}
                  %q2 = Quantize(%x) : i8[4]{scale=0.02,offset=0}
                  %a = Relu(%q1) : i8[4]{scale=0.02,offset=-128}
                  %b = Sigmoid(%q2) : i8[4]{scale=0.00390625,offset=-128}
                  %r1 = Rescale(%a) : i8[4]{scale=0.04,offset=-128}
                  %r2 = Rescale(%a) : i8[4]{scale=0.04,offset=-128}
                  %d1 = Dequantize(%r1) : f32[4]
                  %d2 = Dequantize(%r2) : f32[4]
                  return %d1, %d2, %r2, %b
                }
                """));
    }

    @Test
    void doesNotMergeConversionsToDifferentTypesOrOfDifferentValues() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[4], %y: f32[4]) {
                  %q1 = Quantize(%x) : i8[4]{scale=0.02,offset=0}
                  %q2 = Quantize(%x) : i8[4]{scale=0.02,offset=1}
                  %q3 = Quantize(%y) : i8[4]{scale=0.02,offset=0}
                  return %q1, %q2, %q3
                }
                """);
    }
}

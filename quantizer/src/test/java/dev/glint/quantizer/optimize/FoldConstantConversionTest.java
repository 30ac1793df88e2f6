package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FoldConstantConversionTest {
    private static final QuantRewrite REWRITE = new FoldConstantConversion();

    @Test
    void quantizesAndRescalesConstantsAtCompileTime() {
        assertEquals("""
                graph g(%x: i8[3]{scale=0.5,offset=0}) {
                  %q = Constant i8[3]{scale=0.5,offset=0} [2, -3, 127]
                  %s = Add(%x, %q) : i8[3]{scale=1.0,offset=0}
                  %r = Constant u8[3]{scale=0.25,offset=10} [14, 4, 255]
                  return %s, %r
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[3]{scale=0.5,offset=0}) {
                  %c = Constant f32[3] [1.0, -1.5, 100.0]
                  %q = Quantize(%c) : i8[3]{scale=0.5,offset=0}
                  %s = Add(%x, %q) : i8[3]{scale=1.0,offset=0}
                  %r = Rescale(%q) : u8[3]{scale=0.25,offset=10}
                  return %s, %r
                }
                """));
    }

    @Test
    void leavesDequantizesOfConstantsAndConversionsOfComputedValues() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[3]) {
                  %c = Constant i8[3]{scale=0.5,offset=0} [1, 2, 3]
                  %d = Dequantize(%c) : f32[3]
                  %q = Quantize(%x) : i8[3]{scale=0.5,offset=0}
                  return %d, %q
                }
                """);
    }
}

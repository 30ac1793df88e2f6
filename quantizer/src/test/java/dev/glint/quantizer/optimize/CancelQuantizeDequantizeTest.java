package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CancelQuantizeDequantizeTest {
    private static final QuantRewrite REWRITE = new CancelQuantizeDequantize();

    @Test
    void aRoundTripToTheSameTypeIsTheValueItself() {
        assertEquals("""
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %y = Relu(%x) : i8[1,4]{scale=0.5,offset=-3}
                  return %y, %x as "q"
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,4]
                  %q = Quantize(%d) : i8[1,4]{scale=0.5,offset=-3}
                  %y = Relu(%q) : i8[1,4]{scale=0.5,offset=-3}
                  return %y, %q
                }
                """));
    }

    @Test
    void aRoundTripToOtherParametersIsOneRescale() {
        assertEquals("""
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %q = Rescale(%x) : u8[1,4]{scale=0.25,offset=128}
                  return %q
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,4]
                  %q = Quantize(%d) : u8[1,4]{scale=0.25,offset=128}
                  return %q
                }
                """, 0.5));
    }

    @Test
    void aDequantizeWithFloatReadersStaysForThem() {
        assertEquals("""
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,4]
                  %y = Relu(%x) : i8[1,4]{scale=0.5,offset=-3}
                  %f = Sigmoid(%d) : f32[1,4]
                  return %y, %f
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,4]
                  %q = Quantize(%d) : i8[1,4]{scale=0.5,offset=-3}
                  %y = Relu(%q) : i8[1,4]{scale=0.5,offset=-3}
                  %f = Sigmoid(%d) : f32[1,4]
                  return %y, %f
                }
                """));
    }

    @Test
    void doesNotFireForPerAxisTypes() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[2,2]{scale=0.5,offset=0}) {
                  %d = Dequantize(%x) : f32[2,2]
                  %q = Quantize(%d) : i8[2,2]{axis=0,scale=[0.5,0.25],offset=[0,0]}
                  return %q
                }
                """);
    }

    @Test
    void doesNotFireForInt32Codes() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i32[4]{scale=0.5,offset=0}) {
                  %d = Dequantize(%x) : f32[4]
                  %q = Quantize(%d) : i32[4]{scale=0.5,offset=0}
                  return %q
                }
                """);
    }

    @Test
    void doesNotFireOnAQuantizeOfAComputedFloat() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[1,4]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,4]
                  %s = Sigmoid(%d) : f32[1,4]
                  %q = Quantize(%s) : i8[1,4]{scale=0.5,offset=-3}
                  return %q
                }
                """);
    }
}

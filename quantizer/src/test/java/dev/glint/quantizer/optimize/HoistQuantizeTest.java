package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HoistQuantizeTest {
    private static final QuantRewrite REWRITE = new HoistQuantize();

    @Test
    void movesTheQuantizeAboveDataMovement() {
        assertEquals("""
                graph g(%x: f32[1,2,3]) {
                  %x__quant = Quantize(%x) : i8[1,2,3]{scale=0.02,offset=4}
                  %t__quant = Transpose(%x__quant) {perm=[0,2,1]} : i8[1,3,2]{scale=0.02,offset=4}
                  %q = Reshape(%t__quant) {shape=[6]} : i8[6]{scale=0.02,offset=4}
                  return %q
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: f32[1,2,3]) {
                  %t = Transpose(%x) {perm=[0,2,1]} : f32[1,3,2]
                  %r = Reshape(%t) {shape=[6]} : f32[6]
                  %q = Quantize(%r) : i8[6]{scale=0.02,offset=4}
                  return %q
                }
                """));
    }

    @Test
    void quantizesEachConcatInputToTheResultType() {
        assertEquals("""
                graph g(%a: f32[1,2], %b: f32[1,3]) {
                  %a__quant = Quantize(%a) : i8[1,2]{scale=0.02,offset=4}
                  %b__quant = Quantize(%b) : i8[1,3]{scale=0.02,offset=4}
                  %q = Concat(%a__quant, %b__quant, %a__quant) {axis=1} : i8[1,7]{scale=0.02,offset=4}
                  return %q
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%a: f32[1,2], %b: f32[1,3]) {
                  %c = Concat(%a, %b, %a) {axis=1} : f32[1,7]
                  %q = Quantize(%c) : i8[1,7]{scale=0.02,offset=4}
                  return %q
                }
                """));
    }

    @Test
    void maxPoolingCommutesWithQuantization() {
        assertEquals("""
                graph g(%x: f32[1,1,2,2]) {
                  %x__quant = Quantize(%x) : i8[1,1,2,2]{scale=0.01,offset=-20}
                  %q = MaxPool(%x__quant) {kernel_shape=[2,2], pads=[2,2,0,0], strides=[1,1]} : i8[1,1,3,3]{scale=0.01,offset=-20}
                  return %q
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: f32[1,1,2,2]) {
                  %m = MaxPool(%x) {kernel_shape=[2,2], pads=[2,2,0,0], strides=[1,1]} : f32[1,1,3,3]
                  %q = Quantize(%m) : i8[1,1,3,3]{scale=0.01,offset=-20}
                  return %q
                }
                """));
    }

    @Test
    void doesNotFireWhenTheOperationHasAnotherReader() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[2,3]) {
                  %t = Transpose(%x) {perm=[1,0]} : f32[3,2]
                  %q = Quantize(%t) : i8[3,2]{scale=0.02,offset=4}
                  return %q, %t
                }
                """);
    }

    @Test
    void doesNotFireAboveAveragePoolingOrArithmetic() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[1,1,4,4]) {
                  %a = AveragePool(%x) {kernel_shape=[2,2], strides=[2,2]} : f32[1,1,2,2]
                  %q = Quantize(%a) : i8[1,1,2,2]{scale=0.02,offset=4}
                  %r = Relu(%x) : f32[1,1,4,4]
                  %p = Quantize(%r) : i8[1,1,4,4]{scale=0.02,offset=-128}
                  return %q, %p
                }
                """);
    }

    @Test
    void doesNotFireWhenThePaddingValueHasNoExactCode() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: f32[2,2]) {
                  %p = Pad(%x) {mode="constant", pads=[1,0,0,1], value=0.3} : f32[3,3]
                  %q = Quantize(%p) : i8[3,3]{scale=0.25,offset=0}
                  return %q
                }
                """);
    }
}

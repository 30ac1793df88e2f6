package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SinkDequantizeTest {
    private static final QuantRewrite REWRITE = new SinkDequantize();

    @Test
    void movesTheDequantizeBelowAChainOfDataMovement() {
        assertEquals("""
                graph g(%x: i8[1,2,3]{scale=0.5,offset=-3}) {
                  %t__q = Transpose(%x) {perm=[0,2,1]} : i8[1,3,2]{scale=0.5,offset=-3}
                  %r__q = Reshape(%t__q) {shape=[6]} : i8[6]{scale=0.5,offset=-3}
                  %s__q = Slice(%r__q) {ends=[6], starts=[1], steps=[2]} : i8[3]{scale=0.5,offset=-3}
                  %s = Dequantize(%s__q) : f32[3]
                  return %s
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[1,2,3]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,2,3]
                  %t = Transpose(%d) {perm=[0,2,1]} : f32[1,3,2]
                  %r = Reshape(%t) {shape=[6]} : f32[6]
                  %s = Slice(%r) {ends=[6], starts=[1], steps=[2]} : f32[3]
                  return %s
                }
                """));
    }

    @Test
    void padsWithTheCodeOfZero() {
        assertEquals("""
                graph g(%x: i8[2,2]{scale=0.5,offset=-3}) {
                  %p__q = Pad(%x) {mode="constant", pads=[1,0,0,1], value=-3.0} : i8[3,3]{scale=0.5,offset=-3}
                  %p = Dequantize(%p__q) : f32[3,3]
                  return %p
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[2,2]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[2,2]
                  %p = Pad(%d) {mode="constant", pads=[1,0,0,1], value=0.0} : f32[3,3]
                  return %p
                }
                """));
    }

    @Test
    void maxPoolAndConcatOfTheSameParametersAreExact() {
        assertEquals("""
                graph g(%a: i8[1,1,4,4]{scale=0.5,offset=-3}, %b: i8[1,1,2,2]{scale=0.5,offset=-3}) {
                  %m__q = MaxPool(%a) {kernel_shape=[3,3], pads=[1,1,1,1], strides=[2,2]} : i8[1,1,2,2]{scale=0.5,offset=-3}
                  %c__q = Concat(%m__q, %b) {axis=1} : i8[1,2,2,2]{scale=0.5,offset=-3}
                  %c = Dequantize(%c__q) : f32[1,2,2,2]
                  return %c
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%a: i8[1,1,4,4]{scale=0.5,offset=-3}, %b: i8[1,1,2,2]{scale=0.5,offset=-3}) {
                  %da = Dequantize(%a) : f32[1,1,4,4]
                  %m = MaxPool(%da) {kernel_shape=[3,3], pads=[1,1,1,1], strides=[2,2]} : f32[1,1,2,2]
                  %db = Dequantize(%b) : f32[1,1,2,2]
                  %c = Concat(%m, %db) {axis=1} : f32[1,2,2,2]
                  return %c
                }
                """));
    }

    @Test
    void averagePoolingKeepsTheScaleAndRoundsOnce() {
        assertEquals("""
                graph g(%x: i8[1,1,4,4]{scale=0.5,offset=-3}) {
                  %a__q = AveragePool(%x) {kernel_shape=[2,2], strides=[2,2]} : i8[1,1,2,2]{scale=0.5,offset=-3}
                  %a = Dequantize(%a__q) : f32[1,1,2,2]
                  return %a
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[1,1,4,4]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,1,4,4]
                  %a = AveragePool(%d) {kernel_shape=[2,2], strides=[2,2]} : f32[1,1,2,2]
                  return %a
                }
                """, 0.25));
    }

    @Test
    void firesForASharedDequantizeWhenOnlyQuantizesReadTheResult() {
        assertEquals("""
                graph g(%x: i8[2,3]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[2,3]
                  %t__q = Transpose(%x) {perm=[1,0]} : i8[3,2]{scale=0.5,offset=-3}
                  %t = Dequantize(%t__q) : f32[3,2]
                  %q = Quantize(%t) : i8[3,2]{scale=0.25,offset=0}
                  %s = Sigmoid(%d) : f32[2,3]
                  return %q, %s
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[2,3]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[2,3]
                  %t = Transpose(%d) {perm=[1,0]} : f32[3,2]
                  %q = Quantize(%t) : i8[3,2]{scale=0.25,offset=0}
                  %s = Sigmoid(%d) : f32[2,3]
                  return %q, %s
                }
                """));
    }

    @Test
    void doesNotFireWhenTheDequantizeHasFloatReadersAndSoHasTheResult() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[2,3]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[2,3]
                  %t = Transpose(%d) {perm=[1,0]} : f32[3,2]
                  %s = Sigmoid(%d) : f32[2,3]
                  return %t, %s
                }
                """);
    }

    @Test
    void doesNotFireWhenThePaddingValueHasNoExactCode() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[2,2]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[2,2]
                  %p = Pad(%d) {mode="constant", pads=[1,0,0,1], value=0.3} : f32[3,3]
                  return %p
                }
                """);
    }

    @Test
    void doesNotFireForAPoolingWindowEntirelyInPadding() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[1,1,2,2]{scale=0.5,offset=-3}) {
                  %d = Dequantize(%x) : f32[1,1,2,2]
                  %m = MaxPool(%d) {kernel_shape=[2,2], pads=[2,2,0,0], strides=[1,1]} : f32[1,1,3,3]
                  return %m
                }
                """);
    }

    @Test
    void doesNotFireForAConcatOfDifferentParametersOrForArithmetic() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%a: i8[2]{scale=0.5,offset=-3}, %b: i8[2]{scale=0.25,offset=-3}) {
                  %da = Dequantize(%a) : f32[2]
                  %db = Dequantize(%b) : f32[2]
                  %c = Concat(%da, %db) {axis=0} : f32[4]
                  %r = Relu(%da) : f32[2]
                  return %c, %r
                }
                """);
    }
}

package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The node-local simplifications ({@code canonical} overrides on the operation classes). */
class NodeCanonicalTest {
    private static final Pass PASS = new Canonicalizer("node-canonical", true, List.of());

    @Test
    void reshapeOfReshapeBecomesOneReshape() {
        assertEquals("""
                graph g(%x: f32[2,3,4]) {
                  %b = Reshape(%x) {shape=[4,6]} : f32[4,6] loc("b")
                  return %b
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3,4]) {
                  %a = Reshape(%x) {shape=[6,4]} : f32[6,4]
                  %b = Reshape(%a) {shape=[4,6]} : f32[4,6] loc("b")
                  return %b
                }
                """));
    }

    @Test
    void reshapeChainBackToTheInputShapeDisappears() {
        assertEquals("""
                graph g(%x: f32[2,3,4]) {
                  %r = Relu(%x) : f32[2,3,4]
                  return %r, %x as "c"
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3,4]) {
                  %a = Reshape(%x) {shape=[6,4]} : f32[6,4]
                  %b = Reshape(%a) {shape=[24]} : f32[24]
                  %c = Reshape(%b) {shape=[2,3,4]} : f32[2,3,4]
                  %r = Relu(%c) : f32[2,3,4]
                  return %r, %c
                }
                """));
    }

    @Test
    void innerReshapeWithAnotherUserStays() {
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  %a = Reshape(%x) {shape=[3,2]} : f32[3,2]
                  %b = Reshape(%x) {shape=[6]} : f32[6]
                  %r = Relu(%a) : f32[3,2]
                  return %b, %r
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3]) {
                  %a = Reshape(%x) {shape=[3,2]} : f32[3,2]
                  %b = Reshape(%a) {shape=[6]} : f32[6]
                  %r = Relu(%a) : f32[3,2]
                  return %b, %r
                }
                """));
    }

    @Test
    void transposesComposeAndIdentitiesDisappear() {
        assertEquals("""
                graph g(%x: f32[2,3,4]) {
                  %b = Transpose(%x) {perm=[2,0,1]} : f32[4,2,3]
                  %e = Relu(%x) : f32[2,3,4]
                  return %b, %e
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3,4]) {
                  %a = Transpose(%x) {perm=[1,0,2]} : f32[3,2,4]
                  %b = Transpose(%a) {perm=[2,1,0]} : f32[4,2,3]
                  %c = Transpose(%x) {perm=[0,2,1]} : f32[2,4,3]
                  %d = Transpose(%c) {perm=[0,2,1]} : f32[2,3,4]
                  %i = Transpose(%d) {perm=[0,1,2]} : f32[2,3,4]
                  %e = Relu(%i) : f32[2,3,4]
                  return %b, %e
                }
                """));
    }

    @Test
    void defaultPermutationIsReversalWhenComposing() {
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  return %x as "b"
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3]) {
                  %a = Transpose(%x) : f32[3,2]
                  %b = Transpose(%a) : f32[2,3]
                  return %b
                }
                """));
    }

    @Test
    void unboundedClipPadOfNothingFullSliceAndSingleConcatDisappear() {
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  %keep = Clip(%x) {max=6.0, min=0.0} : f32[2,3]
                  %r = Relu(%keep) : f32[2,3]
                  return %r
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3]) {
                  %clip = Clip(%x) : f32[2,3]
                  %clip2 = Clip(%clip) {max=inf, min=-inf} : f32[2,3]
                  %pad = Pad(%clip2) {mode="edge", pads=[0,0,0,0]} : f32[2,3]
                  %slice = Slice(%pad) {ends=[2,3], starts=[0,0], steps=[1,1]} : f32[2,3]
                  %cat = Concat(%slice) {axis=1} : f32[2,3]
                  %keep = Clip(%cat) {max=6.0, min=0.0} : f32[2,3]
                  %r = Relu(%keep) : f32[2,3]
                  return %r
                }
                """));
    }

    @Test
    void realPadsSlicesAndConcatsStay() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[2,3]) {
                  %pad = Pad(%x) {pads=[0,1,0,0]} : f32[2,4]
                  %slice = Slice(%pad) {ends=[2,4], starts=[0,0], steps=[1,2]} : f32[2,2]
                  %rev = Slice(%x) {ends=[2,-1], starts=[0,2], steps=[1,-1]} : f32[2,3]
                  %cat = Concat(%slice, %rev) {axis=1} : f32[2,5]
                  return %cat
                }
                """);
    }

    @Test
    void reshapeKeepsTheDeclaredQuantizationWhenMerged() {
        assertEquals("""
                graph g(%x: i8[2,3]{scale=0.5,offset=0}) {
                  %b = Reshape(%x) {shape=[6]} : i8[6]{scale=0.5,offset=0}
                  return %b
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: i8[2,3]{scale=0.5,offset=0}) {
                  %a = Reshape(%x) {shape=[3,2]} : i8[3,2]{scale=0.5,offset=0}
                  %b = Reshape(%a) {shape=[6]} : i8[6]{scale=0.5,offset=0}
                  return %b
                }
                """));
    }
}

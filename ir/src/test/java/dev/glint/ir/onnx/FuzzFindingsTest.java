package dev.glint.ir.onnx;

import static dev.glint.ir.onnx.TestModels.attr;
import static dev.glint.ir.onnx.TestModels.floats;
import static dev.glint.ir.onnx.TestModels.input;
import static dev.glint.ir.onnx.TestModels.ints;
import static dev.glint.ir.onnx.TestModels.longs;
import static dev.glint.ir.onnx.TestModels.model;
import static dev.glint.ir.onnx.TestModels.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Damaged models the fuzz tests (glint-tests, ImporterFuzzTest) found mishandled, answered properly now. */
class FuzzFindingsTest {
    @Test
    void anInitializerListedTwiceNamesTheFile() {
        byte[] bytes = model(13, List.of(node("Relu", List.of("w"), List.of("y"))), List.of(), List.of("y"),
                List.of(floats("w", new long[] {2}, 1, 2), floats("w", new long[] {2}, 3, 4)));
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("m.onnx: initializer 'w' is defined twice", e.getMessage());
    }

    @Test
    void aGraphInputListedTwiceNamesTheFile() {
        byte[] bytes = model(13, List.of(node("Relu", List.of("x"), List.of("y"))),
                List.of(input("x", 1, 4), input("x", 1, 4)), List.of("y"), List.of());
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("m.onnx: graph input 'x' is defined twice", e.getMessage());
    }

    @Test
    void namesWithLineBreaksKeepTheMessageOnOneLine() {
        byte[] bytes = model(13, List.of(node("Frob\nnicate", List.of("x"), List.of("y"))), List.of(input("x", 1, 4)),
                List.of("y"), List.of());
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals("m.onnx: unsupported operator 'Frob\\nnicate' (domain 'ai.onnx', opset 13) at node 'n_y'",
                e.getMessage());
    }

    @Test
    void aPoolingKernelFarLargerThanItsInputImportsUnderSamePadding() {
        byte[] bytes = model(13, List.of(node("MaxPool", List.of("x"), List.of("y"), attr("auto_pad", "SAME_UPPER"),
                ints("kernel_shape", 65_536, 2))), List.of(input("x", 1, 3, 32, 32)), List.of("y"), List.of());
        Graph g = OnnxImporter.load(bytes, "m.onnx");
        assertArrayEquals(new int[] {1, 3, 32, 32}, g.outputs().get(0).node().type().shape());
    }

    @Test
    void dilatedWindowsBeyondTheIntRangeAreRefusedNotWrapped() {
        byte[] bytes = model(13, List.of(node("MaxPool", List.of("x"), List.of("y"), ints("kernel_shape", 3, 3),
                ints("dilations", Integer.MAX_VALUE, 1))), List.of(input("x", 1, 3, 32, 32)), List.of("y"), List.of());
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals(true, e.getMessage().startsWith("m.onnx: "), e.getMessage());
        assertEquals(true, e.getMessage().contains("does not fit input extent 32"), e.getMessage());
    }

    /** Computed constants are size-checked before allocation: these asked for gigabytes. */
    @Test
    void importTimeComputationsCannotAskForGigabytes() {
        byte[] constantOfShape = model(13, List.of(node("ConstantOfShape", List.of("s"), List.of("y"))), List.of(),
                List.of("y"), List.of(longs("s", 40_000, 40_000)));
        byte[] range = model(13, List.of(node("Range", List.of("a", "b", "c"), List.of("y"))), List.of(), List.of("y"),
                List.of(longs("a", 0), longs("b", 1_500_000_000L), longs("c", 1)));
        byte[] gather = model(13, List.of(node("Gather", List.of("d", "i"), List.of("y"), attr("axis", 0))), List.of(),
                List.of("y"), List.of(floats("d", new long[] {1, 70_000}, new float[70_000]), longs("i", new long[70_000])));
        for (byte[] bytes : List.of(constantOfShape, range, gather)) {
            GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
            assertEquals(true, e.getMessage().startsWith("m.onnx: "), e.getMessage());
            assertEquals(true, e.getMessage().contains("more than"), e.getMessage());
        }
    }
}

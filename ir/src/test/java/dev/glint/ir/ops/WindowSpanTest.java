package dev.glint.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.glint.ir.Attributes;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowSpanTest {
    /** The span agrees with visiting every kernel position, over random 1-D to 3-D geometries. */
    @Test
    void matchesAPlainWalkOverTheKernel() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int k = 1 + random.nextInt(3);
            int[] kernel = new int[k];
            int[] strides = new int[k];
            int[] dilations = new int[k];
            int[] pads = new int[2 * k];
            int[] in = new int[k];
            for (int d = 0; d < k; d++) {
                kernel[d] = 1 + random.nextInt(5);
                strides[d] = 1 + random.nextInt(3);
                dilations[d] = 1 + random.nextInt(3);
                pads[d] = random.nextInt(4);
                pads[d + k] = random.nextInt(4);
                in[d] = 1 + random.nextInt(9);
            }
            SpatialGeometry g = new SpatialGeometry(kernel, strides, dilations, pads, random.nextBoolean());
            int[] outIdx = new int[k];
            for (int d = 0; d < k; d++) {
                outIdx[d] = random.nextInt(Math.max(1, in[d] + pads[d] + pads[d + k]));
            }
            int[] inStrides = Shapes.strides(in);
            List<Integer> expected = new ArrayList<>();
            int expectedPadded = 0;
            for (int[] kp : WindowIndex.positions(kernel)) {
                boolean inside = true;
                boolean inPadded = true;
                int off = 0;
                for (int d = 0; d < k; d++) {
                    int pos = outIdx[d] * strides[d] - pads[d] + kp[d] * dilations[d];
                    inside &= pos >= 0 && pos < in[d];
                    inPadded &= pos < in[d] + pads[d + k];
                    off += pos * inStrides[d];
                }
                expectedPadded += inPadded ? 1 : 0;
                if (inside) {
                    expected.add(off);
                }
            }
            WindowSpan span = WindowSpan.of(g, outIdx, in);
            int[] offsets = new int[Shapes.product(in)];
            int n = span.insideOffsets(g, outIdx, inStrides, offsets);
            String what = "kernel " + Arrays.toString(kernel) + " at " + Arrays.toString(outIdx);
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOf(offsets, n), what);
            assertEquals(expectedPadded, span.paddedCount(), what);
        }
    }

    /**
     * A kernel far larger than its input (legal under SAME padding) costs what it overlaps: this pooling
     * visited 4e8 kernel positions before windows were clipped to the input.
     */
    @Test
    void hugeKernelOverASmallInputIsCheap() {
        InputNode x = new InputNode("x", TensorType.f32(1, 3, 32, 32));
        Attributes attrs = Attributes.builder().put("kernel_shape", new int[] {65_536, 2})
                .put("pads", new int[] {32_767, 0, 32_768, 1}).build();
        MaxPoolNode pool = new MaxPoolNode("y", List.of(x), attrs);
        pool.setType(pool.inferType());
        float[] v = new float[3 * 32 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Tensor out = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> pool.evaluate(List.of(Tensor.ofFloats(TensorType.f32(1, 3, 32, 32), v))));
        assertArrayEquals(new int[] {1, 3, 32, 32}, out.shape());
        // Every window spans all rows, so its maximum is in the last row, at its own column or the next.
        assertEquals(31 * 32 + 1, out.floats()[0]);
        assertEquals(3 * 1024 - 1, out.floats()[3 * 1024 - 1]);
    }
}

package dev.glint.codegen.irgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Advice to LLVM's loop optimizers, written as {@code !llvm.loop} metadata: an unroll count (1 disables
 * unrolling) and whether to try vectorizing. Kernels use it where they know better than the cost model,
 * e.g. on loops whose bodies already hold explicit vector code.
 */
public record LoopHints(int unrollCount, boolean vectorize) {
    /** No advice. */
    public static final LoopHints NONE = new LoopHints(0, true);

    /** Neither unroll nor vectorize (loops around hand-vectorized bodies). */
    public static final LoopHints KEEP = new LoopHints(1, false);

    /** Unroll by {@code count}, do not vectorize. */
    public static LoopHints unrollBy(int count) {
        return new LoopHints(count, false);
    }

    List<String> properties() {
        List<String> p = new ArrayList<>();
        if (unrollCount == 1) {
            p.add("!{!\"llvm.loop.unroll.disable\"}");
        } else if (unrollCount > 1) {
            p.add("!{!\"llvm.loop.unroll.count\", i32 " + unrollCount + "}");
        }
        if (!vectorize) {
            p.add("!{!\"llvm.loop.vectorize.enable\", i1 false}");
        }
        return p;
    }
}

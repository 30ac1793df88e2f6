package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.passes.RewritePattern;

/**
 * A rewrite of a quantized graph that states what it does to the numbers, so that tests can hold it to
 * that claim.
 */
public interface QuantRewrite extends RewritePattern {
    /** What a rewrite does to the values the graph computes. */
    enum Numerics {
        /** Every value the graph computes stays bit-identical. */
        EXACT,
        /**
         * The rewritten value changes by removing or moving one rounding step (or by a float32 rounding
         * difference): it differs from the old one by at most one quantization step of the coarsest type
         * involved, as long as the values stay inside the ranges the types were calibrated for.
         */
        ONE_STEP
    }

    /** The numerics of rewriting {@code node}, which {@link #matches} accepted; called before {@link #rewrite}. */
    Numerics numerics(Node node, Graph graph);
}

package dev.glint.ir.passes;

import java.util.List;

/** The standard float-graph cleanup that runs between import and quantization. */
public final class Canonicalization {
    private Canonicalization() {}

    /** The rewrite patterns of the {@code canonicalize} pass, in the order they are tried on each node. */
    public static List<RewritePattern> standardPatterns() {
        return List.of(new ConstantFolding(), new FoldBatchNormIntoConv(), new FoldAddIntoConvBias(),
                new FuseMatMulAdd(),
                new GemmToFullyConnected());
    }

    /**
     * {@code canonicalize} (node-local simplifications and {@link #standardPatterns()} to a fixed point),
     * then {@code dce}. Callers add options such as {@link PassManager#verifyEach}.
     */
    public static PassManager standardPipeline() {
        return new PassManager().add(new Canonicalizer(standardPatterns())).add(new DeadNodeElimination());
    }
}

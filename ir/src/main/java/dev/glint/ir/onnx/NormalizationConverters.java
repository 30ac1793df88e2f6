package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import java.util.List;
import java.util.Map;

/** BatchNormalization (inference only), LRN, Softmax and LogSoftmax. */
final class NormalizationConverters {
    private NormalizationConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("BatchNormalization", NormalizationConverters::batchNormalization);
        table.put("LRN", NormalizationConverters::lrn);
        table.put("Softmax", (n, ctx) -> softmax(n, ctx, "Softmax"));
        table.put("LogSoftmax", (n, ctx) -> softmax(n, ctx, "LogSoftmax"));
    }

    /**
     * Inference-mode batch normalisation. Training mode ({@code training_mode=1} from opset 14,
     * {@code is_test=0} before opset 7) and the running-statistics outputs are not supported; opsets
     * 7 and 8 also had {@code spatial=0} (per-element statistics), which is rejected.
     */
    private static void batchNormalization(OnnxNode n, ImportContext ctx) {
        if (n.intAttr("training_mode", 0) != 0) {
            throw n.unsupported("BatchNormalization training_mode=1", "training_mode=1 is not supported (inference only)");
        }
        if (ctx.opset() < 7 && n.intAttr("is_test", 0) == 0) {
            throw n.unsupported("BatchNormalization is_test=0", "is_test=0 (training mode) is not supported (inference only)");
        }
        if (ctx.opset() < 9 && n.intAttr("spatial", 1) == 0) {
            throw n.unsupported("BatchNormalization spatial=0", "spatial=0 is not supported");
        }
        for (int i = 1; i < n.numOutputs(); i++) {
            if (ctx.isUsed(n.output(i))) {
                throw n.unsupported("BatchNormalization statistics outputs",
                        "output %d ('%s') is used; only the normalised output Y is supported", i, n.output(i));
            }
        }
        Attributes attrs = Attributes.builder().put("epsilon", n.floatAttr("epsilon", 1e-5f)).build();
        ctx.emitOutput(n, "BatchNormalization", List.of(ctx.input(n, 0), ctx.input(n, 1), ctx.input(n, 2),
                ctx.input(n, 3), ctx.input(n, 4)), attrs);
    }

    private static void lrn(OnnxNode n, ImportContext ctx) {
        Attributes attrs = Attributes.builder()
                .put("size", n.intAttr("size"))
                .put("alpha", n.floatAttr("alpha", 1e-4f))
                .put("beta", n.floatAttr("beta", 0.75f))
                .put("bias", n.floatAttr("bias", 1f))
                .build();
        ctx.emitOutput(n, "LRN", List.of(ctx.input(n, 0)), attrs);
    }

    /**
     * Before opset 13, Softmax/LogSoftmax flattened the input to 2-D at {@code axis} (default 1) and
     * normalised over everything from there on; from 13 they normalise over the one {@code axis}
     * (default -1). The IR expresses the old form with {@code coerce2d=1}.
     */
    private static void softmax(OnnxNode n, ImportContext ctx, String op) {
        boolean old = ctx.opset() < 13;
        Attributes.Builder attrs = Attributes.builder().put("axis", n.intAttr("axis", old ? 1 : -1));
        if (old) {
            attrs.put("coerce2d", 1L);
        }
        ctx.emitOutput(n, op, List.of(ctx.input(n, 0)), attrs.build());
    }
}

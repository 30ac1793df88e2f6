package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;
import java.util.Map;

/** Gemm and MatMul. */
final class MatrixConverters {
    private MatrixConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("Gemm", MatrixConverters::gemm);
        table.put("MatMul", (n, ctx) -> ctx.emitOutput(n, "MatMul", List.of(ctx.input(n, 0), ctx.input(n, 1)),
                Attributes.EMPTY));
    }

    /**
     * Gemm. Before opset 7 a {@code broadcast} attribute allowed C to broadcast; numpy broadcasting, which
     * the IR applies, accepts every C that the old rule accepted, so it is not needed. C is optional from
     * opset 11.
     */
    private static void gemm(OnnxNode n, ImportContext ctx) {
        Node a = ctx.input(n, 0);
        Node b = ctx.input(n, 1);
        Node c = ctx.optionalInput(n, 2);
        Attributes attrs = Attributes.builder()
                .put("alpha", n.floatAttr("alpha", 1f))
                .put("beta", n.floatAttr("beta", 1f))
                .put("transA", n.intAttr("transA", 0))
                .put("transB", n.intAttr("transB", 0))
                .build();
        ctx.emitOutput(n, "Gemm", c == null ? List.of(a, b) : List.of(a, b, c), attrs);
    }
}

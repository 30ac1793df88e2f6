package dev.glint.ir.onnx;

/**
 * Turns one ONNX node into IR nodes: reads its inputs and attributes (resolving the differences between
 * opset versions) and binds each of its outputs in the {@link ImportContext}.
 */
@FunctionalInterface
interface OnnxOpConverter {
    void convert(OnnxNode node, ImportContext ctx);
}

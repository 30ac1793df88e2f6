package dev.glint.ir.onnx;

import dev.glint.ir.GlintException;

/**
 * A well-formed ONNX model that uses something Glint does not implement (an operator, an opset, an
 * element type, an attribute value such as {@code training_mode=1}). Kept apart from other import errors
 * so that test suites can skip such models with a reason instead of failing, and so that the command
 * line can tell "not supported yet" from "broken model".
 */
public class UnsupportedOnnxException extends GlintException {
    private static final long serialVersionUID = 1L;

    private final String feature;

    /**
     * @param feature a short, location-free name of what is missing (e.g. {@code operator 'Resize'}),
     *                suitable for grouping many models by reason
     * @param message the full one-line message, with file and node
     */
    public UnsupportedOnnxException(String feature, String message) {
        super(message);
        this.feature = feature;
    }

    /** What is not supported, without file or node names (e.g. {@code element type FLOAT16}). */
    public String feature() {
        return feature;
    }
}

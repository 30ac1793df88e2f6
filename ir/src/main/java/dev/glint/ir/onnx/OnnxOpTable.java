package dev.glint.ir.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ONNX operators Glint imports (default domain), each with its converter. Every family of operators
 * registers its own converters here.
 */
final class OnnxOpTable {
    private static final Map<String, OnnxOpConverter> CONVERTERS = new TreeMap<>();

    static {
        ElementwiseConverters.register(CONVERTERS);
        ConvPoolConverters.register(CONVERTERS);
        MatrixConverters.register(CONVERTERS);
        NormalizationConverters.register(CONVERTERS);
        ShapeConverters.register(CONVERTERS);
        SlicePadConverters.register(CONVERTERS);
        ConstantConverters.register(CONVERTERS);
    }

    private OnnxOpTable() {}

    /** The converter for a default-domain operator, or null when Glint does not import it. */
    static OnnxOpConverter find(String opType) {
        return CONVERTERS.get(opType);
    }

    /** The supported operator names, sorted. */
    static Set<String> operators() {
        return Collections.unmodifiableSet(CONVERTERS.keySet());
    }
}

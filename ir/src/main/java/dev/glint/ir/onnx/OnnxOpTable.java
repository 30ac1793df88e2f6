package dev.glint.ir.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ONNX operators Glint imports, each with its converter: the default domain, and the quantized
 * operators of ONNX Runtime's {@code com.microsoft} domain. Every family of operators registers its own
 * converters here.
 */
final class OnnxOpTable {
    private static final Map<String, OnnxOpConverter> CONVERTERS = new TreeMap<>();
    private static final Map<String, OnnxOpConverter> MICROSOFT = new TreeMap<>();

    static {
        ElementwiseConverters.register(CONVERTERS);
        ConvPoolConverters.register(CONVERTERS);
        MatrixConverters.register(CONVERTERS);
        NormalizationConverters.register(CONVERTERS);
        ShapeConverters.register(CONVERTERS);
        SlicePadConverters.register(CONVERTERS);
        ConstantConverters.register(CONVERTERS);
        QuantizeConverters.register(CONVERTERS);
        QLinearConverters.register(CONVERTERS);
        MicrosoftQuantConverters.register(MICROSOFT);
    }

    private OnnxOpTable() {}

    /**
     * The converter for an operator of {@code domain} ({@code ""} for the default domain), or null when
     * Glint does not import it.
     */
    static OnnxOpConverter find(String domain, String opType) {
        if (domain.isEmpty()) {
            return CONVERTERS.get(opType);
        }
        return domain.equals(MicrosoftQuantConverters.DOMAIN) ? MICROSOFT.get(opType) : null;
    }

    /** The supported default-domain operator names, sorted. */
    static Set<String> operators() {
        return Collections.unmodifiableSet(CONVERTERS.keySet());
    }
}

package dev.glint.quantizer;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.ActivationQuant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one float-to-int8 conversion: the graph being built, and for every original value its
 * float and/or quantized version in that graph. Conversions between the two are created on demand and
 * shared, so each value is quantized or dequantized at most once.
 *
 * <p>In the naive mode ({@link QuantConfig#naiveConversion()}) quantized versions are not shared: every
 * request for an input of a quantized node quantizes the value's float version anew (so a quantized node
 * whose input comes from another quantized node reads {@code Quantize(Dequantize(...))}), and non-weight
 * constants become a Quantize of the float constant instead of a constant quantized here.
 */
final class ConversionContext {
    private final Graph out;
    private final Profile profile;
    private final QuantConfig config;
    private final Map<String, Node> floatVersion = new HashMap<>();
    private final Map<String, Node> quantVersion = new HashMap<>();

    ConversionContext(Graph out, Profile profile, QuantConfig config) {
        this.out = out;
        this.profile = profile;
        this.config = config;
    }

    Graph graph() {
        return out;
    }

    QuantConfig config() {
        return config;
    }

    void defineFloat(Node original, Node converted) {
        floatVersion.put(original.name(), converted);
    }

    void defineQuantized(Node original, Node converted) {
        quantVersion.put(original.name(), converted);
    }

    boolean hasQuantized(Node original) {
        return quantVersion.containsKey(original.name());
    }

    /** The quantization an activation gets, from its profile, the calibration and the schema. */
    ActivationQuant activationQuant(Node original) {
        ValueProfile p = profile.get(original.name());
        if (p == null) {
            throw new GlintException("value '" + original.name() + "' has no profile");
        }
        Calibration.Range r = config.calibration().choose(p, config.schema());
        return config.schema().choose(r.lo(), r.hi());
    }

    /** The declared int type of a node's output, from its profile. */
    TensorType profiledType(Node original) {
        return activationQuant(original).type(original.type().shape());
    }

    /** The float version of an original value, dequantizing its int8 version if that is all there is. */
    Node floating(Node original) {
        Node f = floatVersion.get(original.name());
        if (f != null) {
            return f;
        }
        Node q = quantVersion.get(original.name());
        if (q == null) {
            throw new IllegalStateException("value '" + original.name() + "' was not converted");
        }
        Node d = new DequantizeNode(out.uniqueName(original.name() + "__dequant"), List.of(q), null);
        out.add(d);
        floatVersion.put(original.name(), d);
        return d;
    }

    /** The quantized version of an original activation, quantizing its float version if needed. */
    Node quantized(Node original) {
        if (config.naiveConversion()) {
            return quantizeAnew(original);
        }
        Node q = quantVersion.get(original.name());
        if (q != null) {
            return q;
        }
        if (original.isConstant()) {
            Tensor v = ((ConstantNode) original).value();
            Node c = out.addConstant(out.uniqueName(original.name() + "__q"), QuantizeNode.quantize(v, constantType(v)));
            quantVersion.put(original.name(), c);
            return c;
        }
        Node qn = QuantizeNode.of(out.uniqueName(original.name() + "__quant"), floating(original), profiledType(original));
        out.add(qn);
        quantVersion.put(original.name(), qn);
        return qn;
    }

    /**
     * Naive mode: a new Quantize of the value's float version, with the type the default conversion would
     * give the value (its profile's, or for a constant the schema's choice over its elements).
     */
    private Node quantizeAnew(Node original) {
        TensorType type = original.isConstant() ? constantType(((ConstantNode) original).value()) : profiledType(original);
        Node qn = QuantizeNode.of(out.uniqueName(original.name() + "__quant"), floating(original), type);
        out.add(qn);
        return qn;
    }

    /** The type of a non-weight constant operand: the schema's choice over its range (0 included). */
    private TensorType constantType(Tensor v) {
        float lo = 0;
        float hi = 0;
        for (float f : v.floats()) {
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        ActivationQuant aq = config.schema().choose(lo, hi);
        return aq.type(v.shape());
    }

    /** Constant weights quantized symmetrically per channel along {@code axis} (or per tensor). */
    Node quantizedWeights(Node original, int axis) {
        Tensor w = ((ConstantNode) original).value();
        Tensor q = WeightQuantizer.weights(w, config.perChannel() ? axis : -1, config.weightBits());
        return out.addConstant(out.uniqueName(original.name() + "__q"), q);
    }

    /** A constant bias as int32 in accumulator units. */
    Node quantizedBias(Node original, float sx, QuantParams weightParams) {
        Tensor b = ((ConstantNode) original).value();
        return out.addConstant(out.uniqueName(original.name() + "__q"), WeightQuantizer.bias(b, sx, weightParams));
    }
}

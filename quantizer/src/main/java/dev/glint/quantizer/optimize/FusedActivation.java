package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ClipNode;
import dev.glint.ir.ops.ReluNode;
import dev.glint.ir.quant.QuantRange;

/**
 * The real bounds of an activation that {@link FoldActivationIntoProducer} folded into a node, recorded on
 * that node as attributes {@value #MIN} and {@value #MAX} (only the finite ones). The node's semantics do
 * not read them: its output type's clamp is what applies the activation. They tell later rewrites that
 * change the output type which part of that clamp is the model's meaning rather than a calibration
 * choice, so that the new type still clamps there (as TFLite keeps a fused activation on its operators).
 *
 * @param lo the lower bound, -inf when there is none
 * @param hi the upper bound, +inf when there is none
 */
record FusedActivation(float lo, float hi) {
    static final String MIN = "act_min";
    static final String MAX = "act_max";

    /** No activation: nothing to keep. */
    static final FusedActivation NONE = new FusedActivation(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

    /** The bounds recorded on {@code n} ({@link #NONE} when none are). */
    static FusedActivation on(Node n) {
        Attributes a = n.attributes();
        return new FusedActivation(a.getFloat(MIN, Float.NEGATIVE_INFINITY), a.getFloat(MAX, Float.POSITIVE_INFINITY));
    }

    /** The bounds a Relu or Clip node clamps to. */
    static FusedActivation of(Node activation) {
        if (activation instanceof ReluNode) {
            return new FusedActivation(0f, Float.POSITIVE_INFINITY);
        }
        ClipNode c = (ClipNode) activation;
        return new FusedActivation(c.min(), c.max());
    }

    /** Clamping to both bounds in turn (for overlapping bounds, as a fold requires of real activations). */
    FusedActivation and(FusedActivation other) {
        return new FusedActivation(Math.max(lo, other.lo), Math.min(hi, other.hi));
    }

    /**
     * True when requantizing to {@code t} applies this clamp: the bounds quantize to the extreme codes, so
     * every value beyond a bound gets the same code as the bound itself.
     */
    boolean isImpliedBy(TensorType t) {
        QuantRange y = QuantTypes.range(t);
        return lo <= hi && y.quantize(lo) == y.qmin() && y.quantize(hi) == y.qmax();
    }

    /** {@code a} with these bounds recorded. */
    Attributes recordOn(Attributes a) {
        Attributes.Builder b = a.toBuilder().remove(MIN).remove(MAX);
        if (lo != Float.NEGATIVE_INFINITY) {
            b.put(MIN, lo);
        }
        if (hi != Float.POSITIVE_INFINITY) {
            b.put(MAX, hi);
        }
        return b.build();
    }
}

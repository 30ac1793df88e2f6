package dev.glint.ir;

import java.util.Arrays;
import java.util.Objects;

/**
 * The static type of a tensor: element kind, a fully known shape, and for quantized integer kinds the
 * quantization parameters. Glint specialises every graph to static shapes, so there are no unknown
 * dimensions here. Printed as {@code f32[1,3,224,224]} or {@code i8[1,8]{scale=0.5,offset=-3}}.
 */
public final class TensorType {
    private final ElemKind kind;
    private final int[] shape;
    private final QuantParams quant;

    public TensorType(ElemKind kind, int[] shape, QuantParams quant) {
        this.kind = Objects.requireNonNull(kind);
        this.shape = shape.clone();
        for (int d : shape) {
            if (d < 0) {
                throw new GlintException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (quant != null) {
            if (kind.isFloat() || kind == ElemKind.INT64) {
                throw new IllegalArgumentException("only small integer kinds can be quantized, not " + kind);
            }
            if (!quant.isPerTensor()) {
                if (quant.axis() >= shape.length || shape[quant.axis()] != quant.size()) {
                    throw new IllegalArgumentException("per-axis quantization on axis " + quant.axis()
                            + " with " + quant.size() + " scales does not fit shape " + Arrays.toString(shape));
                }
            }
        }
        this.quant = quant;
    }

    public static TensorType of(ElemKind kind, int... shape) {
        return new TensorType(kind, shape, null);
    }

    public static TensorType f32(int... shape) {
        return new TensorType(ElemKind.FLOAT32, shape, null);
    }

    public ElemKind kind() {
        return kind;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    /** Quantization parameters, or null when the tensor is not quantized. */
    public QuantParams quant() {
        return quant;
    }

    public boolean isQuantized() {
        return quant != null;
    }

    /** Number of elements; fails with a clear error when that exceeds what one Java array can hold. */
    public int numElements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new GlintException("tensor of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return (int) n;
    }

    /** Size in bytes of the tensor in native memory. */
    public long byteSize() {
        return (long) numElements() * kind.bytes();
    }

    public TensorType withShape(int... newShape) {
        QuantParams q = quant != null && quant.isPerTensor() ? quant : null;
        return new TensorType(kind, newShape, q);
    }

    public TensorType withKind(ElemKind newKind, QuantParams newQuant) {
        return new TensorType(newKind, shape, newQuant);
    }

    /** True when kind and shape agree (quantization parameters are not compared). */
    public boolean sameKindAndShape(TensorType o) {
        return kind == o.kind && Arrays.equals(shape, o.shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorType t && t.kind == kind && Arrays.equals(t.shape, shape)
                && Objects.equals(t.quant, quant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(shape), quant);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.mnemonic()).append('[');
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(shape[i]);
        }
        sb.append(']');
        if (quant != null) {
            sb.append(quant);
        }
        return sb.toString();
    }
}

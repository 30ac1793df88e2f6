package dev.glint.ir.onnx.export;

import com.google.protobuf.ByteString;
import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.onnx.proto.Onnx.AttributeProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Glint compute node as the float ONNX operator it computes (opset 13). In a QDQ model every operator
 * runs on dequantized inputs and its result is quantized again, so the operator is always the float one;
 * the quantization lives in the QuantizeLinear/DequantizeLinear nodes around it. Glint's attributes carry
 * ONNX's names; the ones that opset 13 takes as inputs (Reshape's shape, Clip's bounds, Slice's and Pad's
 * parameters) become initializers.
 */
final class FloatOpTranslator {
    /** Operators whose attributes are ONNX's, unchanged. */
    private static final Set<String> SAME_NAME = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min", "PRelu", "Relu",
            "LeakyRelu", "Sigmoid", "Tanh", "Exp", "Conv", "Gemm", "MatMul", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "LRN", "Concat", "Transpose", "BatchNormalization", "Softmax",
            "LogSoftmax");

    /** Glint's bookkeeping attributes, which have no ONNX meaning (see the quantizer's FusedActivation). */
    private static final Set<String> INTERNAL = Set.of("act_min", "act_max");

    private final InitializerSink initializers;

    /** Receives the initializers that a translation needs besides the node itself. */
    interface InitializerSink {
        /** Adds a 1-D int64 initializer and returns its name. */
        String longs(String base, long[] values);

        /** Adds a float32 scalar initializer and returns its name. */
        String floatScalar(String base, float value);
    }

    FloatOpTranslator(InitializerSink initializers) {
        this.initializers = initializers;
    }

    /** The ONNX node computing {@code n} on the float values named {@code inputs}, writing {@code output}. */
    NodeProto translate(Node n, List<String> inputs, String output) {
        String op = n.op();
        Attributes a = n.attributes();
        NodeProto.Builder p = NodeProto.newBuilder().setName(n.origin() != null ? n.origin() : n.name())
                .addOutput(output);
        List<String> in = new ArrayList<>(inputs);
        if (SAME_NAME.contains(op)) {
            if (op.equals("Softmax") || op.equals("LogSoftmax")) {
                rejectCoerced(n, a);
            }
            if (op.equals("AveragePool")) {
                checkUndilated(n, a);
            }
            p.setOpType(op);
            // 'coerce2d' is Glint's mark of opset-11 Softmax (rejected above); AveragePool takes 'dilations'
            // only from opset 19, and undilated pools need none.
            copyAttributes(n, a, p, op.equals("AveragePool")
                    ? Set.of("coerce2d", "dilations") : Set.of("coerce2d"));
        } else {
            switch (op) {
                case "FullyConnected" -> p.setOpType("Gemm").addAttribute(intAttr("transB", 1));
                case "Reshape" -> {
                    p.setOpType("Reshape");
                    in.add(initializers.longs(n.name() + "__shape", toLongs(n.type().shape())));
                }
                case "Clip" -> {
                    p.setOpType("Clip");
                    float lo = a.getFloat("min", Float.NEGATIVE_INFINITY);
                    float hi = a.getFloat("max", Float.POSITIVE_INFINITY);
                    in.add(Float.isInfinite(lo) ? "" : initializers.floatScalar(n.name() + "__min", lo));
                    if (!Float.isInfinite(hi)) {
                        in.add(initializers.floatScalar(n.name() + "__max", hi));
                    }
                }
                case "Slice" -> {
                    p.setOpType("Slice");
                    int[] starts = a.getIntArray("starts", null);
                    long[] axes = new long[starts.length];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = i;
                    }
                    in.add(initializers.longs(n.name() + "__starts", toLongs(starts)));
                    in.add(initializers.longs(n.name() + "__ends", toLongs(a.getIntArray("ends", null))));
                    in.add(initializers.longs(n.name() + "__axes", axes));
                    int[] steps = a.getIntArray("steps", null);
                    if (steps != null) {
                        in.add(initializers.longs(n.name() + "__steps", toLongs(steps)));
                    }
                }
                case "Pad" -> {
                    p.setOpType("Pad").addAttribute(AttributeProto.newBuilder().setName("mode")
                            .setType(AttributeProto.AttributeType.STRING)
                            .setS(ByteString.copyFromUtf8(a.getString("mode", "constant"))));
                    in.add(initializers.longs(n.name() + "__pads", toLongs(a.getIntArray("pads", null))));
                    in.add(initializers.floatScalar(n.name() + "__value", a.getFloat("value", 0f)));
                }
                default -> throw new GlintException("export-onnx: node '" + n.name() + "' (" + op
                        + ") has no ONNX translation");
            }
        }
        return p.addAllInput(in).build();
    }

    private static void rejectCoerced(Node n, Attributes a) {
        if (a.getInt("coerce2d", 0) != 0) {
            throw new GlintException("export-onnx: node '" + n.name() + "' (" + n.op()
                    + ") has opset-11 semantics (coerce to 2-D), which opset 13 cannot express");
        }
    }

    private static void checkUndilated(Node n, Attributes a) {
        for (int d : a.getIntArray("dilations", new int[0])) {
            if (d != 1) {
                throw new GlintException("export-onnx: node '" + n.name() + "' is a dilated AveragePool (needs opset 19)");
            }
        }
    }

    private static void copyAttributes(Node n, Attributes a, NodeProto.Builder p, Set<String> skip) {
        for (Map.Entry<String, Object> e : a.asMap().entrySet()) {
            if (INTERNAL.contains(e.getKey()) || skip.contains(e.getKey())) {
                continue;
            }
            p.addAttribute(attribute(n, e.getKey(), e.getValue()));
        }
    }

    private static AttributeProto attribute(Node n, String name, Object v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            return b.setType(AttributeProto.AttributeType.INT).setI(l).build();
        } else if (v instanceof Float f) {
            return b.setType(AttributeProto.AttributeType.FLOAT).setF(f).build();
        } else if (v instanceof String s) {
            return b.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s))
                    .build();
        } else if (v instanceof long[] ls) {
            b.setType(AttributeProto.AttributeType.INTS);
            for (long x : ls) {
                b.addInts(x);
            }
            return b.build();
        } else if (v instanceof float[] fs) {
            b.setType(AttributeProto.AttributeType.FLOATS);
            for (float x : fs) {
                b.addFloats(x);
            }
            return b.build();
        }
        throw new GlintException("export-onnx: node '" + n.name() + "': attribute '" + name + "' of type "
                + v.getClass().getSimpleName() + " has no ONNX form");
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static long[] toLongs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }
}

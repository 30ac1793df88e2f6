package dev.glint.quantizer;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.ops.PadNode;
import dev.glint.ir.ops.SoftmaxNode;
import dev.glint.ir.quant.QuantizedSoftmax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The conversion rule of every operation that has an int8 implementation in the interpreter. */
final class QuantPolicies {
    /** Reduction lengths above this could overflow the int32 accumulator (255 * 128 * K < 2^31). */
    static final int MAX_REDUCTION = 65_000;

    private QuantPolicies() {}

    /** Conv and FullyConnected: activation, per-channel weights (axis 0), int32 bias. */
    static final QuantPolicy WEIGHTED = new QuantPolicy() {
        @Override
        public String reasonNotQuantizable(Node n) {
            if (!n.input(1).isConstant()) {
                return "weights are not constant";
            }
            if (n.numInputs() > 2 && !n.input(2).isConstant()) {
                return "bias is not constant";
            }
            int[] w = n.input(1).type().shape();
            int reduction = 1;
            for (int i = 1; i < w.length; i++) {
                reduction *= w[i];
            }
            return reduction > MAX_REDUCTION ? "reduction of " + reduction + " products could overflow int32" : null;
        }

        @Override
        public Node convert(Node n, ConversionContext ctx) {
            Node x = ctx.quantized(n.input(0));
            Node w = ctx.quantizedWeights(n.input(1), 0);
            List<Node> in = new ArrayList<>(List.of(x, w));
            if (n.numInputs() > 2) {
                in.add(ctx.quantizedBias(n.input(2), x.type().quant().scale(), w.type().quant()));
            }
            return QuantPolicy.rebuild(n, in, ctx.profiledType(n));
        }
    };

    /** MatMul: constant right operands are quantized per column, others as activations. */
    static final QuantPolicy MATMUL = new QuantPolicy() {
        @Override
        public String reasonNotQuantizable(Node n) {
            if (n.input(0).type().rank() < 2 || n.input(1).type().rank() < 2) {
                return "int8 MatMul needs operands of rank >= 2";
            }
            int k = n.input(0).type().dim(n.input(0).type().rank() - 1);
            return k > MAX_REDUCTION ? "reduction of " + k + " products could overflow int32" : null;
        }

        @Override
        public Node convert(Node n, ConversionContext ctx) {
            Node a = ctx.quantized(n.input(0));
            Node b = n.input(1).isConstant() ? ctx.quantizedWeights(n.input(1), n.input(1).type().rank() - 1)
                    : ctx.quantized(n.input(1));
            return QuantPolicy.rebuild(n, List.of(a, b), ctx.profiledType(n));
        }
    };

    /** Every input an activation, output parameters from the output's profile. */
    static final QuantPolicy PROFILED_OUTPUT = (n, ctx) -> {
        List<Node> in = new ArrayList<>();
        for (Node i : n.inputs()) {
            in.add(ctx.quantized(i));
        }
        return QuantPolicy.rebuild(n, in, ctx.profiledType(n));
    };

    /** Data movement and max pooling: the output keeps the input's parameters (exact in integers). */
    static final QuantPolicy SAME_AS_INPUT = (n, ctx) -> {
        Node x = ctx.quantized(n.input(0));
        return QuantPolicy.rebuild(n, List.of(x), x.type().withShape(n.type().shape()));
    };

    /** Pad: as SAME_AS_INPUT, with the padding value expressed as a code of the input's parameters. */
    static final QuantPolicy PAD = new QuantPolicy() {
        @Override
        public String reasonNotQuantizable(Node n) {
            PadNode p = (PadNode) n;
            return p.mode().equals("constant") && p.value() != 0f ? "constant padding value is not 0" : null;
        }

        @Override
        public Node convert(Node n, ConversionContext ctx) {
            Node x = ctx.quantized(n.input(0));
            Attributes a = n.attributes().toBuilder().put("value", (float) x.type().quant().offset()).build();
            Node q = OpRegistry.create(n.op(), n.name(), List.of(x), a).setOrigin(n.origin());
            q.setType(x.type().withShape(n.type().shape()));
            return q;
        }
    };

    /** Softmax: rows must be short enough for the exact integer sum; LogSoftmax stays in float. */
    static final QuantPolicy SOFTMAX = new QuantPolicy() {
        @Override
        public String reasonNotQuantizable(Node n) {
            SoftmaxNode s = (SoftmaxNode) n;
            if (s.isLog()) {
                return "LogSoftmax has no int8 implementation";
            }
            int[] shape = n.input(0).type().shape();
            long row = 1;
            for (int i = s.axis(); i < (s.coerce2d() ? shape.length : s.axis() + 1); i++) {
                row *= shape[i];
            }
            return row > QuantizedSoftmax.MAX_ROW ? "softmax rows of " + row + " elements are too long" : null;
        }

        @Override
        public Node convert(Node n, ConversionContext ctx) {
            return PROFILED_OUTPUT.convert(n, ctx);
        }
    };

    private static final Map<String, QuantPolicy> BY_OP = Map.ofEntries(
            Map.entry("Conv", WEIGHTED),
            Map.entry("FullyConnected", WEIGHTED),
            Map.entry("MatMul", MATMUL),
            Map.entry("Add", PROFILED_OUTPUT),
            Map.entry("Mul", PROFILED_OUTPUT),
            Map.entry("Max", PROFILED_OUTPUT),
            Map.entry("Min", PROFILED_OUTPUT),
            Map.entry("Relu", PROFILED_OUTPUT),
            Map.entry("Clip", PROFILED_OUTPUT),
            Map.entry("LeakyRelu", PROFILED_OUTPUT),
            Map.entry("Sigmoid", PROFILED_OUTPUT),
            Map.entry("Tanh", PROFILED_OUTPUT),
            Map.entry("Exp", PROFILED_OUTPUT),
            Map.entry("AveragePool", PROFILED_OUTPUT),
            Map.entry("GlobalAveragePool", PROFILED_OUTPUT),
            Map.entry("Concat", PROFILED_OUTPUT),
            Map.entry("MaxPool", SAME_AS_INPUT),
            Map.entry("GlobalMaxPool", SAME_AS_INPUT),
            Map.entry("Reshape", SAME_AS_INPUT),
            Map.entry("Transpose", SAME_AS_INPUT),
            Map.entry("Slice", SAME_AS_INPUT),
            Map.entry("Pad", PAD),
            Map.entry("Softmax", SOFTMAX),
            Map.entry("LogSoftmax", SOFTMAX));

    /** The policy of an operation, or null when it has no int8 implementation. */
    static QuantPolicy forOp(String op) {
        return BY_OP.get(op);
    }
}

package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Elementwise operators: the binary arithmetic ones, the activations, Clip and the n-ary Max/Min/Sum.
 */
final class ElementwiseConverters {
    private ElementwiseConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        for (String op : List.of("Add", "Sub", "Mul", "Div")) {
            table.put(op, (n, ctx) -> arithmetic(n, ctx, op));
        }
        for (String op : List.of("Relu", "Sigmoid", "Tanh", "Exp")) {
            table.put(op, (n, ctx) -> ctx.emitOutput(n, op, List.of(ctx.input(n, 0)), Attributes.EMPTY));
        }
        table.put("LeakyRelu", (n, ctx) -> ctx.emitOutput(n, "LeakyRelu", List.of(ctx.input(n, 0)),
                Attributes.builder().put("alpha", n.floatAttr("alpha", 0.01f)).build()));
        table.put("PRelu", ElementwiseConverters::prelu);
        table.put("Clip", ElementwiseConverters::clip);
        table.put("Max", (n, ctx) -> chain(n, ctx, "Max"));
        table.put("Min", (n, ctx) -> chain(n, ctx, "Min"));
        table.put("Sum", (n, ctx) -> chain(n, ctx, "Add"));
    }

    /**
     * Add/Sub/Mul/Div. Integer constants (shape arithmetic) are computed here, since the IR's arithmetic
     * is float-only. Before opset 7, broadcasting had to be requested with {@code broadcast=1} and an
     * optional {@code axis} placed B's dimensions starting at that axis of A; that is numpy broadcasting
     * after appending ones to B's shape, which is what this does. Without {@code axis} the old rule
     * aligned the trailing dimensions, as numpy does.
     */
    private static void arithmetic(OnnxNode n, ImportContext ctx, String op) {
        Node a = ctx.input(n, 0);
        Node b = ctx.input(n, 1);
        if (a instanceof ConstantNode ca && b instanceof ConstantNode cb && !ca.value().type().kind().isFloat()) {
            ctx.defineConstantOutput(n, ConstantMath.integerArithmetic(op, ca.value(), cb.value(), n));
            return;
        }
        if (ctx.opset() < 7 && n.intAttr("broadcast", 0) != 0 && n.hasAttr("axis")) {
            int rankA = a.type().rank();
            int rankB = b.type().rank();
            long axis = n.intAttr("axis");
            long start = axis < 0 ? axis + rankA : axis;
            if (start < 0 || start + rankB > rankA) {
                throw n.error("legacy broadcast axis %d does not place %s inside %s", axis, b.type(), a.type());
            }
            int[] aligned = Arrays.copyOf(b.type().shape(), (int) (rankA - start));
            Arrays.fill(aligned, rankB, aligned.length, 1);
            b = ctx.reshape(n, b, aligned);
        }
        ctx.emitOutput(n, op, List.of(a, b), Attributes.EMPTY);
    }

    /**
     * PRelu. From opset 7 the slope broadcasts to x (numpy, one direction). Before, a 1-D slope of size C
     * was per channel (axis 1); it is reshaped to {@code [C, 1, ...]} so that numpy broadcasting applies.
     */
    private static void prelu(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        Node slope = ctx.input(n, 1);
        int[] xs = x.type().shape();
        int[] ss = slope.type().shape();
        if (ctx.opset() < 7 && ss.length == 1 && xs.length > 2 && ss[0] == xs[1] && ss[0] != 1) {
            int[] perChannel = new int[xs.length - 1];
            Arrays.fill(perChannel, 1);
            perChannel[0] = ss[0];
            slope = ctx.reshape(n, slope, perChannel);
        }
        Node r = ctx.emitOutput(n, "PRelu", List.of(x, slope), Attributes.EMPTY);
        if (!Arrays.equals(r.type().shape(), xs)) {
            throw n.error("slope %s does not broadcast to input %s", slope.type(), x.type());
        }
    }

    /**
     * Clip. Before opset 11 the bounds are attributes; from 11 they are optional inputs. Constant bounds
     * become the IR's Clip attributes; bounds computed at run time become {@code Min(Max(x, min), max)},
     * which is exactly ONNX's definition (including min > max giving max).
     */
    private static void clip(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        if (ctx.opset() < 11) {
            // Clip-6 defaults are the float type's lowest and highest finite values.
            Attributes attrs = Attributes.builder()
                    .put("min", n.floatAttr("min", -Float.MAX_VALUE))
                    .put("max", n.floatAttr("max", Float.MAX_VALUE))
                    .build();
            ctx.emitOutput(n, "Clip", List.of(x), attrs);
            return;
        }
        Node min = ctx.optionalInput(n, 1);
        Node max = ctx.optionalInput(n, 2);
        boolean constantBounds = (min == null || min.isConstant()) && (max == null || max.isConstant());
        if (constantBounds) {
            Attributes.Builder attrs = Attributes.builder();
            if (min != null) {
                attrs.put("min", scalar(n, min, "min"));
            }
            if (max != null) {
                attrs.put("max", scalar(n, max, "max"));
            }
            ctx.emitOutput(n, "Clip", List.of(x), attrs.build());
            return;
        }
        Node lower = min == null ? x : ctx.emit(n, max == null ? n.output(0) : ctx.freshName(n.output(0) + "/min"),
                "Max", List.of(x, min), Attributes.EMPTY);
        Node result = max == null ? lower : ctx.emit(n, n.output(0), "Min", List.of(lower, max), Attributes.EMPTY);
        ctx.define(n.output(0), result);
    }

    private static float scalar(OnnxNode n, Node bound, String role) {
        Tensor t = ((ConstantNode) bound).value();
        if (t.size() != 1) {
            throw n.error("%s must be a scalar, got %s", role, t.type());
        }
        return (float) t.getDouble(0);
    }

    /**
     * An n-ary operator as a left-to-right chain of binary nodes; the last one carries the ONNX output
     * name. With one input the output is that input.
     */
    private static void chain(OnnxNode n, ImportContext ctx, String binaryOp) {
        List<Node> inputs = ctx.inputs(n);
        if (inputs.isEmpty()) {
            throw n.error("needs at least one input");
        }
        Node acc = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            boolean last = i == inputs.size() - 1;
            String name = last ? n.output(0) : ctx.freshName(n.output(0) + "/" + i);
            acc = ctx.emit(n, name, binaryOp, List.of(acc, inputs.get(i)), Attributes.EMPTY);
        }
        ctx.alias(n, acc);
    }
}

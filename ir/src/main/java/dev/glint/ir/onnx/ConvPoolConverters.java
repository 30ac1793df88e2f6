package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Conv and the pooling operators. Their attributes map one to one onto the IR's, except that
 * {@code auto_pad} is resolved to explicit pads ({@link AutoPad}) and defaults are made explicit.
 */
final class ConvPoolConverters {
    private ConvPoolConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("Conv", ConvPoolConverters::conv);
        table.put("MaxPool", ConvPoolConverters::maxPool);
        table.put("AveragePool", ConvPoolConverters::averagePool);
        table.put("GlobalAveragePool", (n, ctx) -> ctx.emitOutput(n, "GlobalAveragePool", List.of(ctx.input(n, 0)), Attributes.EMPTY));
        table.put("GlobalMaxPool", (n, ctx) -> ctx.emitOutput(n, "GlobalMaxPool", List.of(ctx.input(n, 0)), Attributes.EMPTY));
    }

    private static void conv(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        Node w = ctx.input(n, 1);
        Node b = ctx.optionalInput(n, 2);
        List<Node> inputs = b == null ? List.of(x, w) : List.of(x, w, b);
        ctx.emitOutput(n, "Conv", inputs, convAttributes(n, x, w));
    }

    /**
     * The IR attributes of a convolution of {@code x} with weights {@code w} from the ONNX attributes of
     * {@code n} (Conv, and the quantized QLinearConv and ConvInteger, which share them).
     */
    static Attributes convAttributes(OnnxNode n, Node x, Node w) {
        int[] ws = w.type().shape();
        if (ws.length < 3 || x.type().rank() != ws.length) {
            throw n.error("input %s and weights %s must have the same rank >= 3", x.type(), w.type());
        }
        int[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
        int[] declared = n.intArrayAttr("kernel_shape", kernel);
        if (!Arrays.equals(declared, kernel)) {
            throw n.error("kernel_shape %s does not match weights %s", Arrays.toString(declared), w.type());
        }
        Attributes.Builder attrs = window(n, x, kernel);
        attrs.put("group", n.intAttr("group", 1));
        return attrs.build();
    }

    private static void maxPool(OnnxNode n, ImportContext ctx) {
        // The second output holds argmax positions, which Glint does not compute; unused, it is harmless.
        if (ctx.isUsed(n.output(1))) {
            throw n.unsupported("MaxPool output 'Indices'", "its second output 'Indices' ('%s') is used; Glint "
                    + "does not compute argmax indices", n.output(1));
        }
        Node x = ctx.input(n, 0);
        int[] kernel = kernelShape(n, x);
        Attributes.Builder attrs = window(n, x, kernel).put("kernel_shape", kernel);
        attrs.put("ceil_mode", n.intAttr("ceil_mode", 0));
        ctx.emitOutput(n, "MaxPool", List.of(x), attrs.build());
    }

    private static void averagePool(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        int[] kernel = kernelShape(n, x);
        Attributes.Builder attrs = window(n, x, kernel).put("kernel_shape", kernel);
        attrs.put("ceil_mode", n.intAttr("ceil_mode", 0));
        attrs.put("count_include_pad", n.intAttr("count_include_pad", 0));
        ctx.emitOutput(n, "AveragePool", List.of(x), attrs.build());
    }

    private static int[] kernelShape(OnnxNode n, Node x) {
        int[] kernel = n.intArrayAttr("kernel_shape", null);
        if (kernel == null) {
            throw n.error("missing attribute 'kernel_shape'");
        }
        if (x.type().rank() != kernel.length + 2) {
            throw n.error("kernel_shape %s does not fit input %s", Arrays.toString(kernel), x.type());
        }
        return kernel;
    }

    /** Reads strides and dilations (default 1) and resolves the pads, for a window over x's spatial dims. */
    private static Attributes.Builder window(OnnxNode n, Node x, int[] kernel) {
        int k = kernel.length;
        int[] ones = new int[k];
        Arrays.fill(ones, 1);
        int[] strides = n.intArrayAttr("strides", ones);
        int[] dilations = n.intArrayAttr("dilations", ones);
        if (strides.length != k || dilations.length != k) {
            throw n.error("strides %s and dilations %s must have %d entries", Arrays.toString(strides),
                    Arrays.toString(dilations), k);
        }
        if (Arrays.stream(strides).anyMatch(s -> s <= 0) || Arrays.stream(dilations).anyMatch(d -> d <= 0)) {
            throw n.error("strides %s and dilations %s must be positive", Arrays.toString(strides),
                    Arrays.toString(dilations));
        }
        int[] xs = x.type().shape();
        int[] inSpatial = Arrays.copyOfRange(xs, 2, xs.length);
        int[] pads = AutoPad.explicitPads(n, inSpatial, kernel, strides, dilations);
        return Attributes.builder().put("strides", strides).put("dilations", dilations).put("pads", pads);
    }
}

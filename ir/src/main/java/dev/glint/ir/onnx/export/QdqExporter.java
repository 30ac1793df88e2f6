package dev.glint.ir.onnx.export;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import dev.glint.ir.onnx.proto.Onnx.GraphProto;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.OperatorSetIdProto;
import dev.glint.ir.onnx.proto.Onnx.TensorShapeProto;
import dev.glint.ir.onnx.proto.Onnx.TypeProto;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import dev.glint.ir.quant.QuantizedConv;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a Glint graph — typically the quantized one — as an ONNX model in the QDQ format: every quantized
 * value is stored as its integers and read by the float operators through a DequantizeLinear with Glint's
 * own scale and offset (per axis where Glint quantizes per axis, e.g. convolution weights and int32 biases);
 * every quantized result is a QuantizeLinear of the float operator's result. Glint's Quantize, Dequantize
 * and Rescale nodes become QuantizeLinear, DequantizeLinear and DequantizeLinear→QuantizeLinear. Runtimes
 * such as ONNX Runtime fuse each DequantizeLinear→op→QuantizeLinear group into an integer kernel, so they
 * run the quantization Glint chose.
 *
 * <p>Value names are Glint's (which are the source model's ONNX value names), except that a graph output
 * keeps its public name and a quantized value that shares it is renamed. Opset 13 (21 when a value is
 * int16, which QuantizeLinear takes from opset 21).
 */
public final class QdqExporter {
    private static final String PRODUCER = "glint";

    private final Graph graph;
    private final GraphProto.Builder out = GraphProto.newBuilder();
    private final Map<Node, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<Node, String> dequantized = new HashMap<>();
    private final FloatOpTranslator translator;
    private boolean needsInt16;

    private QdqExporter(Graph graph) {
        this.graph = graph;
        this.translator = new FloatOpTranslator(new FloatOpTranslator.InitializerSink() {
            @Override
            public String longs(String base, long[] values) {
                String name = unique(base);
                out.addInitializer(ProtoTensors.longs(name, values));
                return name;
            }

            @Override
            public String floatScalar(String base, float value) {
                String name = unique(base);
                out.addInitializer(ProtoTensors.floats(name, new float[] {value}, false));
                return name;
            }
        });
    }

    /** The graph as an ONNX model. */
    public static ModelProto export(Graph graph) {
        return new QdqExporter(graph).build();
    }

    /** Writes the graph as an ONNX model file. */
    public static void write(Graph graph, Path file) throws IOException {
        ModelProto model = export(graph);
        try (OutputStream os = Files.newOutputStream(file)) {
            model.writeTo(os);
        }
    }

    private ModelProto build() {
        assignNames();
        out.setName(graph.name() == null ? "glint" : graph.name());
        for (InputNode in : graph.inputs()) {
            out.addInput(valueInfo(names.get(in), in.type()));
        }
        for (Node n : graph.nodes()) {
            emit(n);
        }
        for (Graph.Output o : graph.outputs()) {
            String produced = names.get(o.node());
            if (!produced.equals(o.name())) {
                // The same node is also another output (or an input): ONNX needs a distinct value per output.
                out.addNode(NodeProto.newBuilder().setOpType("Identity").setName(o.name()).addInput(produced)
                        .addOutput(o.name()));
            }
            out.addOutput(valueInfo(o.name(), o.node().type()));
        }
        return ModelProto.newBuilder().setIrVersion(needsInt16 ? 10 : 7).setProducerName(PRODUCER)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(needsInt16 ? 21 : 13))
                .setGraph(out).build();
    }

    /** Public output names first, so that an internal value sharing one is the one renamed. */
    private void assignNames() {
        for (Graph.Output o : graph.outputs()) {
            if (!names.containsKey(o.node()) && taken.add(o.name())) {
                names.put(o.node(), o.name());
            }
        }
        for (InputNode in : graph.inputs()) {
            if (!names.containsKey(in)) {
                names.put(in, unique(in.name()));
            }
        }
        for (Node n : graph.nodes()) {
            if (!names.containsKey(n)) {
                names.put(n, unique(n.name()));
            }
        }
    }

    private String unique(String base) {
        String name = base;
        for (int i = 1; !taken.add(name); i++) {
            name = base + "__" + i;
        }
        return name;
    }

    private void emit(Node n) {
        String name = names.get(n);
        noteInt16(n);
        if (n instanceof ConstantNode c) {
            out.addInitializer(ProtoTensors.of(name, c.value()));
            return;
        }
        switch (n.op()) {
            case "Quantize" -> quantize(floatOf(n.input(0)), n.type(), name, n.name());
            case "Dequantize" -> out.addNode(dequantizeNode(names.get(n.input(0)), n.input(0).type(), name,
                    n.name()));
            case "Rescale" -> quantize(floatOf(n.input(0)), n.type(), name, n.name());
            default -> {
                if (QuantizedConv.isRawAccumulator(n.type()) && !n.inputs().isEmpty()
                        && n.input(0).type().isQuantized()) {
                    throw new GlintException("export-onnx: node '" + n.name()
                            + "' yields raw int32 accumulators, which QDQ cannot express");
                }
                List<String> inputs = new ArrayList<>();
                for (Node in : n.inputs()) {
                    inputs.add(floatOf(in));
                }
                if (n.type().isQuantized()) {
                    String real = unique(n.name() + "__float");
                    out.addNode(translator.translate(n, inputs, real));
                    quantize(real, n.type(), name, n.name());
                } else {
                    out.addNode(translator.translate(n, inputs, name));
                }
            }
        }
    }

    /** The name of {@code n}'s real (float) value: {@code n} itself, or a DequantizeLinear of it made once. */
    private String floatOf(Node n) {
        if (!n.type().isQuantized()) {
            return names.get(n);
        }
        return dequantized.computeIfAbsent(n, q -> {
            String name = unique(q.name() + "__dq");
            out.addNode(dequantizeNode(names.get(q), q.type(), name, q.name()));
            return name;
        });
    }

    private void quantize(String input, TensorType t, String output, String base) {
        out.addNode(conversion("QuantizeLinear", input, t, output, base));
    }

    private NodeProto dequantizeNode(String input, TensorType t, String output, String base) {
        if (!t.isQuantized()) {
            throw new GlintException("export-onnx: '" + base + "' is dequantized but has no quantization parameters");
        }
        return conversion("DequantizeLinear", input, t, output, base).build();
    }

    /** A QuantizeLinear or DequantizeLinear with {@code t}'s scales and offsets as initializers. */
    private NodeProto.Builder conversion(String op, String input, TensorType t, String output, String base) {
        QuantParams q = t.quant();
        boolean perAxis = !q.isPerTensor();
        String scale = unique(base + "__scale");
        String zeroPoint = unique(base + "__zero_point");
        out.addInitializer(ProtoTensors.floats(scale, q.scales(), perAxis));
        out.addInitializer(ProtoTensors.zeroPoints(zeroPoint, t.kind(), q.offsets(), perAxis));
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(output).addInput(input).addInput(scale)
                .addInput(zeroPoint).addOutput(output);
        if (perAxis) {
            b.addAttribute(FloatOpTranslator.intAttr("axis", q.axis()));
        }
        return b;
    }

    private void noteInt16(Node n) {
        if (n.type().kind() == ElemKind.INT16 && n.type().isQuantized()) {
            needsInt16 = true;
        }
    }

    private static ValueInfoProto valueInfo(String name, TensorType t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : t.shape()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(ProtoTensors.dataType(t.kind()).getNumber())
                        .setShape(shape))).build();
    }
}

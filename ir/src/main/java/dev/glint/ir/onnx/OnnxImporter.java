package dev.glint.ir.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.onnx.proto.Onnx.GraphProto;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.OperatorSetIdProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model into a float {@link Graph} with static shapes.
 *
 * <p>Initializers become constants; graph inputs that are not initializers become inputs (see
 * {@link #load(byte[], String, Map)} for symbolic dimensions); each node is converted by the converter
 * registered for its operator, and every operation whose inputs are all constants is evaluated at once,
 * so shape sub-graphs (Shape, Gather, Concat, ...) fold away. IR values take the ONNX value names, IR
 * nodes the ONNX node name as their origin, and graph outputs keep their ONNX names.
 *
 * <p>Supported: the default domain ({@code ""} or {@code ai.onnx}) at opsets {@value #MIN_OPSET} to
 * {@value #MAX_OPSET}, and from ONNX Runtime's {@code com.microsoft} domain the quantized operators its
 * quantization tool writes (QLinearAdd, QLinearMul, QLinearGlobalAveragePool, QLinearSigmoid,
 * QLinearLeakyRelu). Quantized operators become ordinary IR operations on quantized types; integer
 * values take their quantization parameters from the operators that read them ({@link QuantBindings}).
 * Anything else the model needs is an {@link UnsupportedOnnxException}; a malformed model is a
 * {@link GlintException}; both name the file, and the node where there is one.
 */
public final class OnnxImporter {
    /**
     * Oldest default-domain opset: 6, one below the opset 7 that introduced numpy broadcasting, because
     * PyTorch's classic exporter wrote opset 6 (the converters handle its legacy attributes).
     */
    public static final int MIN_OPSET = 6;

    /**
     * Newest default-domain opset. Opsets 23 to 25 changed the operators Glint imports only by admitting
     * new element types (float4, float8 variants, int2), which Glint rejects when it meets them, so their
     * float semantics are those of opset 22.
     */
    public static final int MAX_OPSET = 25;

    private OnnxImporter() {}

    /** Loads a model file; symbolic leading (batch) dimensions of the inputs become 1. */
    public static Graph load(Path model) {
        return load(model, Map.of());
    }

    /**
     * Loads a model file with explicit shapes for some inputs ({@code inputShapes}: input name to its
     * full shape), needed when an input has symbolic dimensions other than the leading one.
     */
    public static Graph load(Path model, Map<String, int[]> inputShapes) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (NoSuchFileException e) {
            throw new GlintException(model + ": no such file");
        } catch (IOException e) {
            throw new GlintException(model + ": cannot read (" + e.getMessage() + ")");
        }
        return load(bytes, model.toString(), inputShapes);
    }

    /** Loads a model from its serialized bytes; {@code where} names it in messages. */
    public static Graph load(byte[] bytes, String where) {
        return load(bytes, where, Map.of());
    }

    /** Loads a model from bytes with explicit shapes for some inputs (see {@link #load(Path, Map)}). */
    public static Graph load(byte[] bytes, String where, Map<String, int[]> inputShapes) {
        try {
            return importModel(bytes, where, inputShapes);
        } catch (GlintException e) {
            // Checks shared with the rest of the IR (graph names, shapes) do not know the file.
            if (e.getMessage().contains(where)) {
                throw e;
            }
            throw new GlintException(where + ": " + e.getMessage(), e);
        }
    }

    private static Graph importModel(byte[] bytes, String where, Map<String, int[]> inputShapes) {
        ModelProto model = parse(bytes, where);
        int opset = defaultOpset(model, where);
        GraphProto g = model.getGraph();
        Graph graph = new Graph(g.getName().isEmpty() ? "main" : g.getName());
        ImportContext ctx = new ImportContext(graph, where, opset, definedNames(g), consumedNames(g));
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            String what = where + ": initializer '" + t.getName() + "'";
            ctx.requireUndefined(t.getName(), "initializer");
            ctx.define(t.getName(), graph.addConstant(t.getName(), OnnxTensors.decode(t, what)));
            initializers.add(t.getName());
        }
        Set<String> inputNames = new HashSet<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (!initializers.contains(in.getName())) {
                ctx.requireUndefined(in.getName(), "graph input");
                ctx.define(in.getName(), graph.addInput(in.getName(), InputShapes.resolve(in, inputShapes, where)));
                inputNames.add(in.getName());
            }
        }
        for (String name : inputShapes.keySet()) {
            if (!inputNames.contains(name)) {
                throw new GlintException(where + ": a shape is given for '" + name + "', which is not a graph input");
            }
        }
        for (NodeProto proto : g.getNodeList()) {
            convert(new OnnxNode(proto, where), ctx, model);
        }
        for (ValueInfoProto out : g.getOutputList()) {
            Node node = ctx.lookup(out.getName());
            if (node == null) {
                throw new GlintException(where + ": graph output '" + out.getName() + "' is not computed by any node");
            }
            graph.addOutput(out.getName(), node);
        }
        graph.removeDeadNodes();
        ctx.finish();
        return graph;
    }

    private static ModelProto parse(byte[] bytes, String where) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new GlintException("not a valid ONNX model: " + where + " (" + e.getMessage() + ")");
        }
        if (!model.hasGraph()) {
            throw new GlintException("not a valid ONNX model: " + where + " (it has no graph)");
        }
        return model;
    }

    /** The opset the model imports for the default domain, checked against what Glint supports. */
    private static int defaultOpset(ModelProto model, String where) {
        Long version = domainVersion(model, "");
        if (version == null) {
            throw new GlintException("not a valid ONNX model: " + where + " (it imports no opset of the default domain)");
        }
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new UnsupportedOnnxException("opset " + version, where + ": default-domain opset " + version
                    + " is not supported (supported: " + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
        return version.intValue();
    }

    /** The version imported for a domain ({@code ""} and {@code ai.onnx} are the same), or null. */
    private static Long domainVersion(ModelProto model, String domain) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (normalDomain(o.getDomain()).equals(normalDomain(domain))) {
                return o.getVersion();
            }
        }
        return null;
    }

    private static String normalDomain(String domain) {
        return domain.equals("ai.onnx") ? "" : domain;
    }

    private static void convert(OnnxNode n, ImportContext ctx, ModelProto model) {
        String domain = normalDomain(n.domain());
        OnnxOpConverter converter = OnnxOpTable.find(domain, n.opType());
        if (converter == null) {
            Long version = domainVersion(model, domain);
            throw new UnsupportedOnnxException("operator '" + (domain.isEmpty() ? "" : domain + ".") + n.opType() + "'",
                    String.format("%s: unsupported operator '%s' (domain '%s', opset %s) at node '%s'", ctx.where(),
                            n.opType(), domain.isEmpty() ? "ai.onnx" : domain, version == null ? "none" : version,
                            n.label()));
        }
        try {
            converter.convert(n, ctx);
        } catch (UnsupportedOnnxException e) {
            throw e;
        } catch (GlintException e) {
            // Errors from the IR's own checks (shape inference) do not know the file or ONNX node.
            if (e.getMessage().startsWith(ctx.where() + ":")) {
                throw e;
            }
            throw new GlintException(ctx.where() + ": at node '" + n.label() + "' (" + n.opType() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Every value name the ONNX graph defines (inputs, initializers, node outputs). */
    private static Set<String> definedNames(GraphProto g) {
        Set<String> names = new HashSet<>();
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        for (NodeProto n : g.getNodeList()) {
            names.addAll(n.getOutputList());
        }
        return names;
    }

    /** Every value name that a node or a graph output reads. */
    private static Set<String> consumedNames(GraphProto g) {
        Set<String> names = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            names.addAll(n.getInputList());
        }
        g.getOutputList().forEach(v -> names.add(v.getName()));
        names.remove("");
        return names;
    }

    /** The operators of the default domain that Glint imports (for diagnostics and documentation). */
    public static Set<String> supportedOperators() {
        return OnnxOpTable.operators();
    }
}

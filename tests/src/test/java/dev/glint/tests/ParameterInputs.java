package dev.glint.tests;

import dev.glint.ir.onnx.proto.Onnx.GraphProto;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graph inputs of an ONNX test case that Glint needs as constants. Glint specialises a graph to constant
 * shapes and quantization parameters: Reshape's target shape and the scales and zero points of the
 * quantized operators must be known when the model is imported. Many ONNX conformance cases feed them
 * as graph inputs, next to the data; the suite freezes them to the values of the data set (as an
 * initializer, exactly as a deployed model stores them) and feeds only the data at run time.
 */
final class ParameterInputs {
    /** For each operator, the indices of its inputs that are parameters rather than data. */
    private static final Map<String, Set<Integer>> PARAMETER_SLOTS = Map.of(
            "Reshape", Set.of(1),
            "QuantizeLinear", Set.of(1, 2),
            "DequantizeLinear", Set.of(1, 2),
            "QLinearConv", Set.of(1, 2, 4, 5, 6, 7),
            "QLinearMatMul", Set.of(1, 2, 4, 5, 6, 7),
            "ConvInteger", Set.of(2, 3),
            "MatMulInteger", Set.of(2, 3));

    private ParameterInputs() {}

    /** The names of the graph inputs (initializers excluded) in their declared order: input_N.pb order. */
    static List<String> runtimeInputs(ModelProto model) {
        Set<String> initializers = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<String> names = new ArrayList<>();
        for (ValueInfoProto in : model.getGraph().getInputList()) {
            if (!initializers.contains(in.getName())) {
                names.add(in.getName());
            }
        }
        return names;
    }

    /** The graph inputs that some default-domain node reads in a parameter slot. */
    static Set<String> of(ModelProto model) {
        Set<String> inputs = new HashSet<>(runtimeInputs(model));
        Set<String> params = new LinkedHashSet<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            Set<Integer> slots = PARAMETER_SLOTS.getOrDefault(n.getOpType(), Set.of());
            for (int i : slots) {
                if (n.getDomain().isEmpty() && i < n.getInputCount() && inputs.contains(n.getInput(i))) {
                    params.add(n.getInput(i));
                }
            }
        }
        return params;
    }

    /** The model with the given inputs turned into initializers holding {@code values} (by input name). */
    static ModelProto freeze(ModelProto model, Map<String, TensorProto> values) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        List<ValueInfoProto> kept = new ArrayList<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (!values.containsKey(in.getName())) {
                kept.add(in);
            }
        }
        g.clearInput().addAllInput(kept);
        values.forEach((name, t) -> g.addInitializer(t.toBuilder().setName(name)));
        return model.toBuilder().setGraph(g).build();
    }
}

package dev.glint.quantizer;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.quantizer.profile.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a float graph into one with integer islands, using a profile that fits it. Every node with an
 * int8 implementation is quantized unless the user keeps it in float; every other compute node stays in
 * float and the report says why. Conversions (Quantize/Dequantize) are inserted where float and integer
 * regions meet, at most once per value; the rewrites of the optimizer then minimise them.
 */
public final class Quantizer {
    private Quantizer() {}

    /** The converted graph and the per-node report. */
    public record Result(Graph graph, QuantReport report) {}

    public static Result quantize(Graph floatGraph, Profile profile, QuantConfig config) {
        for (String keep : config.keepFloat()) {
            boolean known = floatGraph.nodes().stream().anyMatch(n -> n.name().equals(keep) || n.origin().equals(keep));
            if (!known) {
                throw new GlintException("--keep-float: no node named '" + keep + "' in the model");
            }
        }
        Graph out = new Graph(floatGraph.name());
        ConversionContext ctx = new ConversionContext(out, profile, config);
        QuantReport report = new QuantReport();
        for (InputNode in : floatGraph.inputs()) {
            ctx.defineFloat(in, out.addInput(in.name(), in.type()));
        }
        for (Node n : floatGraph.nodes()) {
            if (n.isConstant()) {
                ctx.defineFloat(n, out.addConstant(n.name(), ((dev.glint.ir.ConstantNode) n).value()));
                continue;
            }
            String reason = reasonToKeepFloat(n, config);
            if (reason == null) {
                Node q = QuantPolicies.forOp(n.op()).convert(n, ctx);
                out.add(q);
                ctx.defineQuantized(n, q);
                report.add(new QuantReport.Entry(n.name(), n.origin(), n.op(), q.type().kind().mnemonic(), q.type(),
                        QuantReport.describeWeights(q), null));
            } else {
                List<Node> inputs = new ArrayList<>();
                for (Node i : n.inputs()) {
                    inputs.add(ctx.floating(i));
                }
                Node f = OpRegistry.copyWithInputs(n, inputs);
                out.add(f);
                ctx.defineFloat(n, f);
                report.add(new QuantReport.Entry(n.name(), n.origin(), n.op(), "float", f.type(), "", reason));
            }
        }
        for (Graph.Output o : floatGraph.outputs()) {
            out.addOutput(o.name(), ctx.floating(o.node()));
        }
        out.removeDeadNodes();
        if (config.strict() && !report.floatEntries().isEmpty()) {
            QuantReport.Entry e = report.floatEntries().get(0);
            throw new GlintException("--strict: " + report.floatEntries().size() + " nodes stay in float, e.g. "
                    + e.op() + " '" + e.name() + "': " + e.reason());
        }
        return new Result(out, report);
    }

    /** Why a node stays in float, or null when it will be quantized. */
    static String reasonToKeepFloat(Node n, QuantConfig config) {
        if (config.keepFloat().contains(n.name()) || (!n.origin().isEmpty() && config.keepFloat().contains(n.origin()))) {
            return "kept in float by --keep-float";
        }
        QuantPolicy p = QuantPolicies.forOp(n.op());
        if (p == null) {
            return "no int8 implementation of " + n.op();
        }
        for (Node in : n.inputs()) {
            if (!in.type().kind().isFloat()) {
                return "input '" + in.name() + "' is " + in.type().kind().mnemonic() + ", not float";
            }
        }
        return p.reasonNotQuantizable(n);
    }
}

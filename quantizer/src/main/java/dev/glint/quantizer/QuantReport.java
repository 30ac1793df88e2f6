package dev.glint.quantizer;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.quantizer.optimize.OpCounts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per node: in which precision it runs, with what types, and, for nodes left in float, why. */
public final class QuantReport {
    /** One compute node of the converted graph. */
    public record Entry(String name, String origin, String op, String precision, TensorType outputType,
            String weights, String reason) {
        public boolean isFloat() {
            return precision.equals("float");
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry e) {
        entries.add(e);
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /**
     * The report of a graph after optimization: one entry per compute node that remains (conversions
     * excluded), with the reasons for float nodes carried over from the conversion's report.
     */
    public static QuantReport describe(Graph graph, QuantReport conversion) {
        Map<String, Entry> before = new HashMap<>();
        conversion.entries.forEach(e -> before.put(e.name(), e));
        QuantReport r = new QuantReport();
        for (Node n : graph.nodes()) {
            if (n.isConstant() || OpCounts.CONVERSIONS.contains(n.op())) {
                continue;
            }
            boolean isFloat = n.type().kind().isFloat();
            Entry old = before.get(n.name());
            String reason = isFloat ? (old != null && old.reason() != null ? old.reason() : "left in float") : null;
            r.add(new Entry(n.name(), n.origin(), n.op(), isFloat ? "float" : n.type().kind().mnemonic(), n.type(),
                    describeWeights(n), reason));
        }
        return r;
    }

    /** A short description of a quantized node's constant weights (operand 1), or "". */
    static String describeWeights(Node q) {
        if (q.numInputs() < 2 || !q.input(1).isConstant() || !q.input(1).type().isQuantized()) {
            return "";
        }
        var w = q.input(1).type().quant();
        if (w.isPerTensor()) {
            return "weights per-tensor scale " + w.scale();
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = 0;
        for (int i = 0; i < w.size(); i++) {
            lo = Math.min(lo, w.scale(i));
            hi = Math.max(hi, w.scale(i));
        }
        return "weights per-channel (" + w.size() + ") scales " + lo + ".." + hi;
    }

    /** Entries of compute nodes left in float. */
    public List<Entry> floatEntries() {
        return entries.stream().filter(Entry::isFloat).toList();
    }
}

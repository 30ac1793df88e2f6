package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.quantizer.QuantReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code glint inspect}: what a model takes, gives, holds and computes. */
public final class InspectCommand implements Command {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "show a model's inputs, outputs, operations and parameter size";
    }

    @Override
    public String description() {
        return "Prints the model's inputs and outputs with their types, the number of nodes, the parameters\n"
                + "(elements and bytes of all constants) and how often each operation occurs.";
    }

    @Override
    public ArgParser arguments() {
        return QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .option("--dot", "FILE", "also write the graph in Graphviz dot format to FILE")
                .flag("--json", "print one JSON object instead of text"));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) throws IOException {
        PreparedModel prepared = PreparedModel.load(args, ctx);
        Path model = prepared.file();
        Graph graph = prepared.graph();
        ModelSummary summary = ModelSummary.of(graph);
        String dotFile = args.value("--dot", null);
        if (dotFile != null) {
            Files.writeString(Path.of(dotFile), ctx.dot().render(graph), StandardCharsets.UTF_8);
        }
        if (args.has("--json")) {
            ctx.out().println(json(model, summary, prepared.report()));
        } else {
            printText(ctx.out(), model, summary, dotFile);
            if (prepared.report() != null) {
                printReport(ctx.out(), prepared.report());
            }
        }
        return 0;
    }

    private static void printText(PrintStream out, Path model, ModelSummary s, String dotFile) {
        out.println("model       " + model + "  (graph '" + s.graphName() + "')");
        printValues(out, "inputs", s.inputs());
        printValues(out, "outputs", s.outputs());
        out.println(String.format(Locale.ROOT, "nodes       %,d  (%,d operations, %,d constants)", s.nodes(),
                s.operations(), s.constants()));
        out.println(String.format(Locale.ROOT, "parameters  %,d elements, %,d bytes", s.parameters(),
                s.parameterBytes()));
        out.println("operations");
        int width = s.opCounts().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Integer> e : s.opCounts().entrySet()) {
            out.println(String.format(Locale.ROOT, "  %-" + width + "s  %,d", e.getKey(), e.getValue()));
        }
        if (dotFile != null) {
            out.println("graphviz    written to " + dotFile);
        }
    }

    private static void printValues(PrintStream out, String heading, List<ModelSummary.Value> values) {
        int width = values.stream().mapToInt(v -> v.name().length()).max().orElse(0);
        String label = String.format(Locale.ROOT, "%-12s", heading);
        if (values.isEmpty()) {
            out.println(label + "(none)");
        }
        for (ModelSummary.Value v : values) {
            out.println(String.format(Locale.ROOT, "%s%-" + width + "s  %s", label, v.name(), v.type()));
            label = " ".repeat(12);
        }
    }

    /** Every compute node with its precision and output type, and for float nodes the reason. */
    private static void printReport(PrintStream out, QuantReport report) {
        out.println(String.format(Locale.ROOT, "precision   %,d int, %,d float compute nodes", 
                report.entries().size() - report.floatEntries().size(), report.floatEntries().size()));
        int width = report.entries().stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (QuantReport.Entry e : report.entries()) {
            String detail = e.isFloat() ? "float  (" + e.reason() + ")"
                    : e.outputType() + (e.weights().isEmpty() ? "" : "  " + e.weights());
            out.println(String.format(Locale.ROOT, "  %-" + width + "s  %-18s %s", e.name(), e.op(), detail));
        }
    }

    static String json(Path model, ModelSummary s, QuantReport report) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("model").value(model.toString());
        w.name("graph").value(s.graphName());
        writeValues(w.name("inputs"), s.inputs());
        writeValues(w.name("outputs"), s.outputs());
        w.name("nodes").value(s.nodes());
        w.name("operations").value(s.operations());
        w.name("constants").value(s.constants());
        w.name("parameters").value(s.parameters());
        w.name("parameter_bytes").value(s.parameterBytes());
        w.name("opCounts").beginObject();
        for (Map.Entry<String, Integer> e : s.opCounts().entrySet()) {
            w.name(e.getKey()).value(e.getValue());
        }
        w.endObject();
        w.name("floatComputeNodes").value(s.floatComputeNodes());
        if (report != null) {
            w.name("precision").beginArray();
            for (QuantReport.Entry e : report.entries()) {
                w.beginObject().name("name").value(e.name()).name("op").value(e.op())
                        .name("precision").value(e.precision()).name("type").value(e.outputType().toString());
                if (!e.weights().isEmpty()) {
                    w.name("weights").value(e.weights());
                }
                if (e.isFloat()) {
                    w.name("reason").value(e.reason());
                }
                w.endObject();
            }
            w.endArray();
        }
        return w.endObject().toString();
    }

    private static void writeValues(JsonWriter w, List<ModelSummary.Value> values) {
        w.beginArray();
        for (ModelSummary.Value v : values) {
            w.beginObject().name("name").value(v.name()).name("type").value(v.type().toString()).endObject();
        }
        w.endArray();
    }
}

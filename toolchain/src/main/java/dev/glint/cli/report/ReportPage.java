package dev.glint.cli.report;

import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS and inline SVG, no scripts, no
 * external resources, so it can be opened from disk, mailed or archived as it is.
 */
public final class ReportPage {
    private static final int COSTLIEST = 10;

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 72em; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; margin-bottom: .3em; }
            table { border-collapse: collapse; font-size: .9em; }
            th, td { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .float { color: #a33; } .note { color: #555; font-size: .9em; }
            section.layer { border-top: 1px solid #eee; padding-top: .5em; }
            svg.histogram { display: block; margin: .4em 0 1em; }
            svg .bar { fill: #4a78b5; } svg .clip { fill: #f3d58a; opacity: .45; }
            svg .edge { stroke: #c47f00; stroke-width: 1.5; } svg .axis { stroke: #888; }
            svg text { font-size: 11px; fill: #444; }
            """;

    private ReportPage() {}

    /** The whole page. */
    public static String render(ReportData d) {
        HtmlWriter w = new HtmlWriter().doctype();
        w.open("html", "lang", "en").open("head");
        w.empty("meta", "charset", "utf-8");
        w.element("title", "Glint quantization report: " + fileName(d.modelFile()));
        w.style(CSS);
        w.close("head").newline().open("body");
        w.element("h1", "Quantization report: " + fileName(d.modelFile()));
        summary(w, d);
        costliest(w, d);
        layerTable(w, d);
        layerSections(w, d);
        method(w, d);
        w.close("body").close("html").newline();
        return w.toString();
    }

    private static void summary(HtmlWriter w, ReportData d) {
        w.open("table", "class", "summary");
        row(w, "model", d.modelFile() + "  (graph '" + d.graphName() + "')");
        row(w, "calibration", d.profileFile() + ", " + d.profileSamples() + " samples; " + String.join("; ", d.calibration()));
        row(w, "data", d.dataSource() + ", " + d.samples() + " samples");
        row(w, "top-1 agreement float vs int8", percent(d.agree(), d.samples()));
        if (d.hasLabels()) {
            row(w, "float top-1", percent(d.floatCorrect(), d.samples()));
            row(w, "int8 top-1", percent(d.int8Correct(), d.samples()));
        }
        row(w, "labels", d.labelsSource());
        row(w, "output SQNR", db(d.outputSqnrDb()));
        row(w, "layers", d.layers().size() + " (" + d.int8Layers() + " integer, "
                + (d.layers().size() - d.int8Layers()) + " float)");
        double jitTotal = d.layers().stream().mapToDouble(LayerRecord::jitMicros).filter(Double::isFinite).sum();
        row(w, "JIT time, sum over layers", d.timingRuns() == 0 ? "not measured" : micros(jitTotal));
        w.close("table").newline();
    }

    private static void costliest(HtmlWriter w, ReportData d) {
        w.element("h2", "Layers that cost the most accuracy");
        w.element("p", "Ranked by SQNR drop: the SQNR of the layer's operands minus that of its output, both "
                + "measured against the float model in the fully quantized network. A large drop means the layer "
                + "itself adds much of the error; keeping it in float (--keep-float NAME) is the first thing to try.",
                "class", "note");
        List<LayerRecord> worst = d.costliest(COSTLIEST);
        w.open("table", "class", "costliest").open("tr");
        for (String h : new String[] {"rank", "layer", "op", "precision", "operands SQNR", "output SQNR", "drop"}) {
            w.element("th", h);
        }
        w.close("tr");
        int rank = 1;
        for (LayerRecord l : worst) {
            w.open("tr").element("td", String.valueOf(rank++), "class", "num");
            layerLink(w, l);
            w.element("td", l.op()).element("td", l.precision());
            w.element("td", db(l.inputSqnrDb()), "class", "num").element("td", db(l.sqnrDb()), "class", "num");
            w.element("td", db(l.dropDb()), "class", "num").close("tr");
        }
        w.close("table").newline();
    }

    private static void layerTable(HtmlWriter w, ReportData d) {
        w.element("h2", "All layers");
        w.open("table", "class", "layers").open("tr");
        for (String h : new String[] {"#", "layer", "op", "precision", "operands", "output", "SQNR", "drop",
                "JIT time"}) {
            w.element("th", h);
        }
        w.close("tr");
        for (LayerRecord l : d.layers()) {
            w.open("tr").element("td", String.valueOf(l.index()), "class", "num");
            layerLink(w, l);
            w.element("td", l.op());
            w.element("td", l.isFloat() ? "float: " + l.reason() : l.precision(), "class", l.isFloat() ? "float" : null);
            w.open("td");
            for (LayerRecord.Operand o : l.inputs()) {
                w.text(o.name() + ": " + quant(o.type())).empty("br");
            }
            w.close("td");
            w.element("td", quant(l.output()));
            w.element("td", db(l.sqnrDb()), "class", "num").element("td", db(l.dropDb()), "class", "num");
            w.element("td", Double.isFinite(l.jitMicros()) ? micros(l.jitMicros()) : "—", "class", "num");
            w.close("tr").newline();
        }
        w.close("table");
    }

    private static void layerSections(HtmlWriter w, ReportData d) {
        w.element("h2", "Layer by layer");
        for (LayerRecord l : d.layers()) {
            w.open("section", "class", "layer", "id", anchor(l));
            w.element("h3", l.index() + ". " + l.name() + " (" + l.op() + ")");
            w.open("p");
            w.text((l.origin().isEmpty() ? "" : "ONNX node " + l.origin() + ". ") + "Output " + l.output() + ". ");
            if (!l.weights().isEmpty()) {
                w.text(l.weights() + ". ");
            }
            w.text("SQNR " + db(l.sqnrDb()) + " (operands " + db(l.inputSqnrDb()) + ").");
            w.close("p");
            if (l.isFloat()) {
                w.element("p", "Runs in float: " + l.reason() + ".", "class", "float");
            } else if (l.profile() == null || l.clipRange() == null || l.profile().isEmpty()) {
                w.element("p", "No profile of the float value this layer computes, so no histogram.", "class", "note");
            } else {
                w.element("p", "Profile histogram of the float value; shaded: the range the " + l.precision()
                        + " output represents [" + SvgHistogram.fmt(l.clipRange()[0]) + ", "
                        + SvgHistogram.fmt(l.clipRange()[1]) + "].", "class", "note");
                new SvgHistogram(l.profile().histogram(), l.profile().min(), l.profile().max(), l.clipRange()[0],
                        l.clipRange()[1]).writeTo(w, l.name());
            }
            w.close("section").newline();
        }
    }

    private static void method(HtmlWriter w, ReportData d) {
        w.element("h2", "How the figures are measured");
        w.open("ul", "class", "note");
        w.element("li", "SQNR = 10 log10(Σ f² / Σ (f − q)²) over all elements of all " + d.samples() + " samples, "
                + "f the float model's value, q the quantized model's value of the same name dequantized "
                + "((q − offset) × scale). Both models run in the reference interpreter, which the JIT matches bit "
                + "for bit.");
        w.element("li", "Top-1 agreement: samples on which the largest output of both models is the same class.");
        w.element("li", d.timingRuns() == 0 ? "Layer times were not measured (--timing-runs 0)."
                : "JIT time: each layer alone (its constants kept, its other operands made inputs) compiled by the "
                + "JIT as a one-layer network and run on the first sample's operand values; the median of "
                + d.timingRuns() + " runs after two warm-up runs, including copying operands in and the result out. "
                + "Whole-network fusion is not included, so the sum is an estimate, not the network's time.");
        w.element("li", String.format(Locale.ROOT, "Collecting these figures took %.1f s.", d.collectMillis() / 1000));
        w.close("ul");
    }

    private static void layerLink(HtmlWriter w, LayerRecord l) {
        w.open("td").element("a", l.name(), "href", "#" + anchor(l)).close("td");
    }

    private static void row(HtmlWriter w, String name, String value) {
        w.open("tr").element("th", name).element("td", value).close("tr");
    }

    private static String anchor(LayerRecord l) {
        return "layer-" + l.index();
    }

    /** The element kind and quantization parameters of a type, e.g. {@code i8 scale 0.0235 offset -128}. */
    static String quant(TensorType t) {
        if (!t.isQuantized()) {
            return t.kind().mnemonic();
        }
        QuantParams q = t.quant();
        if (q.isPerTensor()) {
            return String.format(Locale.ROOT, "%s scale %.6g offset %d", t.kind().mnemonic(), q.scale(), q.offset());
        }
        return String.format(Locale.ROOT, "%s per-axis (axis %d, %d scales)", t.kind().mnemonic(), q.axis(), q.size());
    }

    static String db(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return Double.isInfinite(v) ? (v > 0 ? "∞" : "−∞") : String.format(Locale.ROOT, "%.2f dB", v);
    }

    private static String micros(double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.1f µs", us);
    }

    private static String percent(int n, int of) {
        return String.format(Locale.ROOT, "%.2f%% (%d/%d)", 100.0 * n / of, n, of);
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}

package dev.glint.cli;

import dev.glint.bundle.Bundle;
import dev.glint.bundle.BundleCompiler;
import dev.glint.bundle.BundleWriter;
import dev.glint.bundle.IoBoundary;
import dev.glint.bundle.SharedLibraryLinker;
import dev.glint.bundle.TargetChoices;
import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code glint compile}: compiles a model ahead of time into a bundle for any LLVM target (DESIGN.md,
 * "Bundles (AOT)"): {@code NAME.o}, {@code NAME.h}, {@code NAME.weights.bin} and on request {@code NAME.so}.
 */
public final class CompileCommand implements Command {
    @Override
    public String name() {
        return "compile";
    }

    @Override
    public String summary() {
        return "compile a model ahead of time into an object file, a C header and a weights file";
    }

    @Override
    public String description() {
        return "Writes NAME.o (the entry 'int NAME(uint8_t *constantWeight, uint8_t *mutableWeight, uint8_t\n"
                + "*activations)'), NAME.h (sizes, offsets and a symbol table), NAME.weights.bin (the constant\n"
                + "region's contents, unless --embed-weights compiles them into NAME.o) and with --shared NAME.so.\n"
                + "The target defaults to this machine's triple with a generic CPU; --cpu and --features take LLVM's\n"
                + "names (e.g. --target aarch64-linux-gnu --cpu cortex-a76). Inputs and outputs are float unless\n"
                + "--io int8 keeps the quantized model's integer boundary (its leading Quantize and trailing\n"
                + "Dequantize are left to the caller; the header gives their scale and offset). With --accuracy-target\n"
                + "DROP, --data and --labels, the layers most sensitive to int8 are kept in float, one at a time, until\n"
                + "int8 top-1 is within DROP percentage points of float top-1 (each step is printed).";
    }

    @Override
    public ArgParser arguments() {
        return MemoryLimitOption.addTo(AccuracyTarget.addTo(QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .requiredOption("--out", "DIR", "the folder to write the bundle into (created if missing)")
                .option("--target", "TRIPLE", "the LLVM target triple (default: this machine's)")
                .option("--cpu", "CPU", "the target CPU, in LLVM's naming (default: generic)")
                .option("--features", "F", "LLVM target features, e.g. +dotprod,-neon (default: the CPU's)")
                .option("--name", "NAME", "the entry's name and the files' stem (default: the model's file name)")
                .option("--io", "float|int8", "the type of inputs and outputs (default: float)")
                .option("--threads", "N", "threads the entry runs large operators on (default 1; it starts and joins them itself)")
                .flag("--embed-weights", "compile the constant weights into the object file")
                .flag("--shared", "also link NAME.so with the lld of the LLVM presets")
                .flag("--json", "print one JSON object: name, target and the files written with their sizes")
                .flag("--quiet", "print nothing on success")
                .option("--data", "X.npy", "labelled samples for --accuracy-target (first axis counts them)")
                .option("--labels", "L.npy", "one integer class per sample of --data")
                .option("--limit", "N", "use only the first N samples of --data"))));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) throws IOException {
        TargetSpec target = target(args);
        CodegenOptions codegen = MemoryLimitOption.codegenOptions(args);
        List<Integer> threads = BenchCommand.threadCounts(args.value("--threads", "1"));
        if (threads.size() != 1) {
            throw new GlintException("--threads: give one thread count for a bundle, got " + threads.size());
        }
        codegen = codegen.withThreads(threads.get(0));
        String io = args.value("--io", "float");
        if (!io.equals("float") && !io.equals("int8")) {
            throw new GlintException("--io: unknown value '" + io + "'; choices: float, int8");
        }
        for (String o : new String[] {"--data", "--labels", "--limit"}) {
            if (args.has(o) && !AccuracyTarget.requested(args)) {
                throw new GlintException(o + " is only used with " + AccuracyTarget.OPTION);
            }
        }
        Path model = Path.of(args.positional(0));
        String name = Ir.sanitize(args.value("--name", stem(model)));
        Path out = Path.of(args.value("--out"));
        PreparedModel prepared = PreparedModel.load(args, ctx);
        Graph graph = prepared.graph();
        if (io.equals("int8")) {
            if (!prepared.isQuantized()) {
                throw new GlintException("--io int8 needs a quantized model: give --profile P.json");
            }
            IoBoundary.keepIntegers(graph);
        }
        boolean embed = args.has("--embed-weights");
        Bundle bundle = new BundleCompiler(target, codegen).compile(graph, name, embed);
        List<BundleWriter.Written> written = new ArrayList<>(BundleWriter.write(bundle, out));
        if (args.has("--shared")) {
            Path library = out.resolve(name + ".so");
            SharedLibraryLinker.link(target, out.resolve(name + ".o"), library);
            written.add(new BundleWriter.Written(library, Files.size(library)));
        }
        if (args.has("--json")) {
            JsonWriter w = new JsonWriter().beginObject().name("name").value(name)
                    .name("target").value(target.triple()).name("files").beginArray();
            for (BundleWriter.Written f : written) {
                w.beginObject().name("path").value(f.file().toString()).name("bytes").value(f.bytes()).endObject();
            }
            ctx.out().println(w.endArray().endObject());
        } else if (!args.has("--quiet")) {
            for (BundleWriter.Written f : written) {
                ctx.out().println("wrote " + f.file() + "  (" + f.bytes() + " bytes)");
            }
        }
        return 0;
    }

    private static TargetSpec target(ParsedArgs args) {
        String triple = args.value("--target", null);
        TargetSpec spec = new TargetSpec(TargetChoices.normalize(triple == null ? TargetSpec.host().triple() : triple),
                args.value("--cpu", ""), args.value("--features", ""));
        TargetChoices.check(spec);
        return spec;
    }

    private static String stem(Path model) {
        String file = model.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}

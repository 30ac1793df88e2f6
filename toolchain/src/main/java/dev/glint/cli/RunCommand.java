package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code glint run}: runs a model once on inputs from {@code .npy} files and saves its outputs. */
public final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a model on .npy inputs and write its outputs as .npy";
    }

    @Override
    public String description() {
        return "--input X.npy feeds a single-input model; --input NAME=X.npy (repeatable) feeds inputs by name.\n"
                + "An array whose element count equals the input's is reshaped to the input's shape; integer\n"
                + "arrays are converted to float32 unchanged. --out Y.npy receives a single output; with several\n"
                + "outputs, --out DIR receives one NAME.npy per output (names made safe for file names).";
    }

    @Override
    public ArgParser arguments() {
        return MemoryLimitOption.addTo(QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .repeatableOption("--input", "X.npy|NAME=X.npy", "an input value (name it when the model has several)")
                .requiredOption("--out", "Y.npy|DIR", "where to write the output(s)")
                .option("--engine", "interpreter|jit", "how to execute the model (default: " + Engines.DEFAULT + ")")
                .flag("--json", "print one JSON object: the files written, with each output's name and type")
                .flag("--quiet", "print nothing on success")));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) throws IOException {
        Function<Graph, Engine> engineFactory =
                Engines.forName(args.value("--engine", Engines.DEFAULT), MemoryLimitOption.codegenOptions(args));
        Path out = Path.of(args.value("--out"));
        Graph graph = PreparedModel.load(args, ctx).graph();
        Map<String, Tensor> inputs = new InputBinder(graph).bind(args.values("--input"));
        Map<String, Tensor> outputs;
        try (Engine engine = engineFactory.apply(graph)) {
            outputs = engine.run(inputs);
        }
        List<OutputWriter.Written> written = OutputWriter.write(outputs, out);
        if (args.has("--json")) {
            JsonWriter json = new JsonWriter().beginObject().name("outputs").beginArray();
            for (OutputWriter.Written w : written) {
                json.beginObject().name("name").value(w.output()).name("type").value(w.value().type().toString())
                        .name("file").value(w.file().toString()).endObject();
            }
            ctx.out().println(json.endArray().endObject());
        } else if (!args.has("--quiet")) {
            for (OutputWriter.Written w : written) {
                ctx.out().println("wrote " + w.file() + "  (" + w.output() + " " + w.value().type() + ")");
            }
        }
        return 0;
    }
}

package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.onnx.export.QdqExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code glint export-onnx}: writes the model as Glint quantizes it, as an ONNX QDQ model with Glint's own
 * scales and offsets, so that another runtime (e.g. ONNX Runtime) runs the same quantization.
 */
public final class ExportOnnxCommand implements Command {
    @Override
    public String name() {
        return "export-onnx";
    }

    @Override
    public String summary() {
        return "write the quantized model as an ONNX QDQ model with Glint's scales and offsets";
    }

    @Override
    public String description() {
        return "Quantizes the model with the profile and options (as run, eval and bench do) and writes the\n"
                + "result as ONNX (opset 13; 21 with int16 values): quantized weights and int32 biases as\n"
                + "integer initializers read through DequantizeLinear (per channel where Glint quantizes per\n"
                + "channel), each quantized operation as DequantizeLinear -> float op -> QuantizeLinear with\n"
                + "Glint's scale and offset. ONNX Runtime fuses these groups into integer kernels.";
    }

    @Override
    public ArgParser arguments() {
        return QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .requiredOption("--out", "Q.onnx", "the ONNX file to write"));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) throws IOException {
        if (!args.has("--profile")) {
            throw new GlintException("export-onnx needs --profile P.json (it writes the quantized model)");
        }
        Path out = Path.of(args.value("--out"));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // checked first: quantizing a large model takes a while
            throw new GlintException(parent + ": no such directory (for --out)");
        }
        PreparedModel model = PreparedModel.load(args, ctx);
        QdqExporter.write(model.quantGraph(), out);
        ctx.out().println("wrote " + out + " (" + String.format("%,d", Files.size(out)) + " bytes, QDQ, "
                + model.quantGraph().nodes().size() + " Glint nodes)");
        return 0;
    }
}

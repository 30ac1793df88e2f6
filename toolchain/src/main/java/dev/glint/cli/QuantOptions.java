package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.schema.Schema;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The quantization options shared by every command that accepts {@code --profile}. */
final class QuantOptions {
    private QuantOptions() {}

    /** Adds {@code --profile} and the quantization options to a command's parser. */
    static ArgParser addTo(ArgParser p) {
        return p.option("--profile", "P.json", "quantize with this profile (made by glint profile); without it: float")
                .option("--schema", "asymmetric|symmetric|symmetric-uint8|power2|symmetric-int16", "activation schema (default asymmetric)")
                .option("--calibration", "minmax|percentile[:P]|kl|mse", "clipping range choice (default minmax)")
                .flag("--per-channel", "per-output-channel weight scales (the default)")
                .flag("--per-tensor", "one weight scale per tensor")
                .option("--weight-bits", "8|7", "weight precision (default 8); 7 lets AVX2 without VNNI use its faster byte instruction exactly")
                .option("--keep-float", "NODE[,NODE...]", "keep these nodes (value or ONNX node names) in float")
                .flag("--strict", "fail if any compute node stays in float")
                .option("--dump-after", "PASS|all", "print the graph (text IR, on stderr) after this compiler pass")
                .option("--stop-after", "N", "run only the first N passes of the int8 optimizer (for bisecting)");
    }

    /** The configuration the options describe; meaningful only with {@code --profile}. */
    static QuantConfig config(ParsedArgs args) {
        if (args.has("--per-channel") && args.has("--per-tensor")) {
            throw new UsageException("--per-channel and --per-tensor exclude each other", "");
        }
        QuantConfig c = QuantConfig.defaults()
                .withSchema(Schema.parse(args.value("--schema", "asymmetric")))
                .withCalibration(Calibration.parse(args.value("--calibration", "minmax")))
                .withPerChannel(!args.has("--per-tensor"))
                .withStrict(args.has("--strict"))
                .withWeightBits(weightBits(args.value("--weight-bits", "8")));
        String keep = args.value("--keep-float", null);
        if (keep != null) {
            Set<String> names = new LinkedHashSet<>(Arrays.asList(keep.split(",")));
            names.remove("");
            c = c.withKeepFloat(names);
        }
        return c;
    }

    private static int weightBits(String value) {
        return switch (value) {
            case "8" -> 8;
            case "7" -> 7;
            default -> throw new GlintException("--weight-bits: '" + value + "' is not 7 or 8");
        };
    }

    /** True when any quantization option is given without {@code --profile} (a likely mistake). */
    static String optionWithoutProfile(ParsedArgs args) {
        if (args.has("--profile")) {
            return null;
        }
        for (String o : new String[] {"--schema", "--calibration", "--per-channel", "--per-tensor", "--weight-bits", "--keep-float", "--strict", "--stop-after",
                AccuracyTarget.OPTION}) {
            if (args.has(o)) {
                return o;
            }
        }
        return null;
    }
}

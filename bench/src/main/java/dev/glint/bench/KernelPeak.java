package dev.glint.bench;

import dev.glint.cli.JsonWriter;
import dev.glint.codegen.TargetSpec;
import java.util.List;
import java.util.Locale;

/**
 * The int8 convolution kernel against the machine's peak, measured in the same run: the multiply-accumulate
 * rate of a tight loop of each dot-product instruction the CPU has ({@link DotProductPeak}, one core), and
 * the rate of a ResNet-18 3x3 convolution layer compiled by Glint ({@link ConvKernelBench}), as a percentage
 * of the best peak. Option {@code --threads N} compiles the layer for N threads (the peak stays per core,
 * so the percentage is then of N cores' peak).
 */
public final class KernelPeak {
    private KernelPeak() {}

    public static void main(String[] args) {
        int threads = args.length == 2 && args[0].equals("--threads") ? Integer.parseInt(args[1]) : 1;
        TargetSpec host = TargetSpec.host();
        List<DotProductPeak.Isa> isas = DotProductPeak.available(host);
        if (isas.isEmpty()) {
            System.out.println("no int8 dot-product instruction known for " + host + "; nothing to measure");
            return;
        }
        double peak = 0;
        String best = "";
        for (DotProductPeak.Isa isa : isas) {
            double rate = DotProductPeak.macsPerSecond(isa, 50_000_000L, 5);
            System.out.println(String.format(Locale.ROOT, "peak %-26s %8.1f G int8 MAC/s (one core)", isa.name(), rate / 1e9));
            System.out.println(new JsonWriter().beginObject().name("kind").value("peak").name("instruction")
                    .value(isa.name()).name("gmac_per_s").value(rate / 1e9).endObject());
            if (rate > peak) {
                peak = rate;
                best = isa.name();
            }
        }
        DotProductPeak.Isa fma = DotProductPeak.floatFma(host);
        double floatPeak = fma == null ? 0 : DotProductPeak.macsPerSecond(fma, 50_000_000L, 5);
        if (fma != null) {
            // a compute-bound int8 layer can be at most this much faster than the same layer in float
            System.out.println(String.format(Locale.ROOT, "peak %-26s %8.1f G float MAC/s (one core); best int8 peak / "
                    + "float peak = %.2f", fma.name(), floatPeak / 1e9, peak / floatPeak));
            System.out.println(new JsonWriter().beginObject().name("kind").value("peak").name("instruction")
                    .value(fma.name()).name("precision").value("fp32").name("gmac_per_s").value(floatPeak / 1e9)
                    .name("int8_over_fp32_peak").value(peak / floatPeak).endObject());
        }
        ConvKernelBench conv = ConvKernelBench.RESNET18_LAYER1;
        // 8-bit weights, then 7-bit ones (on AVX2 without VNNI only these run on vpmaddubsw)
        for (int weightBits : new int[] {8, 7}) {
            report(conv, String.format(Locale.ROOT, "int8, %d-bit weights", weightBits), conv.measure(threads, weightBits, 10, 50),
                    threads, peak, best, new JsonWriter().beginObject().name("kind").value("kernel").name("layer")
                            .value(conv.name()).name("weight_bits").value(weightBits));
        }
        if (fma != null) {
            report(conv, "float", conv.measureFloat(threads, 10, 50), threads, floatPeak, fma.name(),
                    new JsonWriter().beginObject().name("kind").value("kernel").name("layer").value(conv.name())
                            .name("precision").value("fp32"));
        }
    }

    /**
     * Prints the layer's rate at its median run and at its fastest one, each as a percentage of
     * {@code threads} times the peak {@code peak} of instruction {@code instruction}, and the JSON line that
     * {@code json} begins.
     */
    private static void report(ConvKernelBench conv, String what, ConvKernelBench.Timing t, int threads, double peak,
            String instruction, JsonWriter json) {
        double rate = conv.macs() / (t.latency().medianMs() / 1e3);
        double bestRate = conv.macs() / (t.bestMs() / 1e3);
        double percent = 100 * rate / (peak * threads);
        double bestPercent = 100 * bestRate / (peak * threads);
        System.out.println(String.format(Locale.ROOT, "kernel %s (Cin %d, Cout %d, %dx%d, %dx%d), %s, %d thread(s): median "
                + "%.3f ms, %.1f G MAC/s = %.1f %%; fastest %.3f ms, %.1f G MAC/s = %.1f %% of %s peak", conv.name(),
                conv.channelsIn(), conv.channelsOut(), conv.size(), conv.size(), conv.kernel(), conv.kernel(), what, threads,
                t.latency().medianMs(), rate / 1e9, percent, t.bestMs(), bestRate / 1e9, bestPercent, instruction));
        System.out.println(json.name("threads").value(threads).name("macs").value(conv.macs())
                .name("median_ms").value(t.latency().medianMs()).name("gmac_per_s").value(rate / 1e9)
                .name("best_ms").value(t.bestMs()).name("best_gmac_per_s").value(bestRate / 1e9)
                .name("peak_gmac_per_s").value(peak * threads / 1e9).name("percent_of_peak").value(percent)
                .name("best_percent_of_peak").value(bestPercent).endObject());
    }
}

package dev.glint.bench;

import dev.glint.cli.JsonWriter;
import dev.glint.cli.Latency;
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
            Latency l = conv.measure(threads, weightBits, 10, 50);
            double rate = conv.macs() / (l.medianMs() / 1e3);
            double percent = 100 * rate / (peak * threads);
            System.out.println(String.format(Locale.ROOT, "kernel %s (Cin %d, Cout %d, %dx%d, %dx%d), int8, %d-bit weights, "
                    + "%d thread(s): median %.3f ms, %.1f G MAC/s = %.1f %% of %s peak", conv.name(), conv.channelsIn(),
                    conv.channelsOut(), conv.size(), conv.size(), conv.kernel(), conv.kernel(), weightBits, threads,
                    l.medianMs(), rate / 1e9, percent, best));
            System.out.println(new JsonWriter().beginObject().name("kind").value("kernel").name("layer").value(conv.name())
                    .name("weight_bits").value(weightBits).name("threads").value(threads).name("macs").value(conv.macs())
                    .name("median_ms").value(l.medianMs()).name("gmac_per_s").value(rate / 1e9)
                    .name("peak_gmac_per_s").value(peak * threads / 1e9).name("percent_of_peak").value(percent).endObject());
        }
        if (fma != null) {
            Latency l = conv.measureFloat(threads, 10, 50);
            double rate = conv.macs() / (l.medianMs() / 1e3);
            double percent = 100 * rate / (floatPeak * threads);
            System.out.println(String.format(Locale.ROOT, "kernel %s, float, %d thread(s): median %.3f ms, %.1f G MAC/s = "
                    + "%.1f %% of %s peak", conv.name(), threads, l.medianMs(), rate / 1e9, percent, fma.name()));
            System.out.println(new JsonWriter().beginObject().name("kind").value("kernel").name("layer").value(conv.name())
                    .name("precision").value("fp32").name("threads").value(threads).name("macs").value(conv.macs())
                    .name("median_ms").value(l.medianMs()).name("gmac_per_s").value(rate / 1e9)
                    .name("peak_gmac_per_s").value(floatPeak * threads / 1e9).name("percent_of_peak").value(percent)
                    .endObject());
        }
    }
}

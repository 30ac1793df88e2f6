package dev.glint.codegen;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The few features that kernel selection cares about, as implied by LLVM CPU names (facts from LLVM's
 * X86.td and AArch64Processors.td, and the vendors' manuals). The C API cannot ask a target machine
 * which features a CPU name enables, so this short table answers for CPUs given without an explicit
 * feature list. It lists only features Glint's kernels test: {@code sse4.1} (a rounding instruction),
 * {@code avx2}, {@code fma}, {@code avx512f}, {@code avx512vl}, {@code evex512} (512-bit registers, which LLVM 18+
 * gates separately), {@code avx512vnni}, {@code avxvnni} and AArch64's {@code dotprod}. A CPU missing from the table implies nothing, which is always safe.
 */
final class CpuFeatures {
    private CpuFeatures() {}

    private static final Set<String> V2 = Set.of("sse4.1");
    private static final Set<String> V3 = union(V2, "avx2", "fma");
    private static final Set<String> V4 = union(V3, "avx512f", "avx512vl", "evex512");
    private static final Set<String> AVX512_VNNI = union(V4, "avx512vnni");
    private static final Set<String> AVX512_AND_AVX_VNNI = union(AVX512_VNNI, "avxvnni");
    private static final Set<String> AVX_VNNI = union(V3, "avxvnni");

    private static final Map<String, Set<String>> X86 = Map.ofEntries(
            Map.entry("x86-64-v2", V2), Map.entry("nehalem", V2), Map.entry("westmere", V2),
            Map.entry("sandybridge", V2), Map.entry("ivybridge", V2),
            Map.entry("x86-64-v3", V3), Map.entry("haswell", V3), Map.entry("broadwell", V3),
            Map.entry("skylake", V3), Map.entry("znver1", V3), Map.entry("znver2", V3), Map.entry("znver3", V3),
            Map.entry("x86-64-v4", V4), Map.entry("skylake-avx512", V4), Map.entry("skx", V4),
            Map.entry("cascadelake", AVX512_VNNI), Map.entry("cooperlake", AVX512_VNNI),
            Map.entry("icelake-client", AVX512_VNNI), Map.entry("icelake-server", AVX512_VNNI),
            Map.entry("tigerlake", AVX512_VNNI), Map.entry("rocketlake", AVX512_VNNI), Map.entry("znver4", AVX512_VNNI),
            Map.entry("sapphirerapids", AVX512_AND_AVX_VNNI), Map.entry("emeraldrapids", AVX512_AND_AVX_VNNI),
            Map.entry("graniterapids", AVX512_AND_AVX_VNNI), Map.entry("znver5", AVX512_AND_AVX_VNNI),
            Map.entry("alderlake", AVX_VNNI), Map.entry("raptorlake", AVX_VNNI), Map.entry("meteorlake", AVX_VNNI),
            Map.entry("gracemont", AVX_VNNI), Map.entry("sierraforest", AVX_VNNI), Map.entry("grandridge", AVX_VNNI),
            Map.entry("arrowlake", AVX_VNNI), Map.entry("lunarlake", AVX_VNNI));

    private static final Set<String> DOTPROD_CPUS = Set.of("cortex-a55", "cortex-a65", "cortex-a75", "cortex-a76",
            "cortex-a76ae", "cortex-a77", "cortex-a78", "cortex-a78c", "cortex-a710", "cortex-a715", "cortex-a720",
            "cortex-x1", "cortex-x2", "cortex-x3", "cortex-x4", "neoverse-n1", "neoverse-n2", "neoverse-v1",
            "neoverse-v2", "apple-a13", "apple-a14", "apple-a15", "apple-a16", "apple-a17", "apple-m1", "apple-m2",
            "apple-m3", "apple-m4");

    /** Features an x86-64 CPU name implies (empty for baseline and unknown CPUs). */
    static Set<String> x86(String cpu) {
        return X86.getOrDefault(cpu, Set.of());
    }

    /** Features an AArch64 CPU name implies. */
    static Set<String> aarch64(String cpu) {
        return DOTPROD_CPUS.contains(cpu) ? Set.of("dotprod") : Set.of();
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> s = new HashSet<>(base);
        s.addAll(Set.of(more));
        return Set.copyOf(s);
    }
}

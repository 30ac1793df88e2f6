package dev.glint.codegen;

import dev.glint.codegen.llvm.Llvm;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.llvm.global.LLVM;

/**
 * What code is generated for: an LLVM target triple, a CPU name and a feature string in LLVM's syntax
 * ({@code "+avx512vnni,-avx512f"}; empty means "what the CPU has"). Kernel selection asks
 * {@link #has(String)}, which combines the explicit features with the features the CPU name is known to
 * imply (see {@link CpuFeatures}); an explicit {@code -feature} always wins. Unknown CPUs imply nothing,
 * which only ever selects the portable kernels: claiming a feature the target lacks would make LLVM
 * abort the process, so the answer errs on the side of "absent".
 */
public record TargetSpec(String triple, String cpu, String features) {
    /**
     * The triple is kept in LLVM's normal form ({@code armv7a-linux-gnueabihf} becomes
     * {@code armv7a-unknown-linux-gnueabihf}): LLVM reads the parts of an unnormalized triple by position,
     * so without this the environment {@code gnueabihf} is lost and ARM code silently gets the soft-float ABI.
     */
    public TargetSpec {
        Objects.requireNonNull(triple, "triple");
        Llvm.initialize();
        triple = Llvm.takeMessage(LLVM.LLVMNormalizeTargetTriple(new BytePointer(triple)));
        cpu = cpu == null ? "" : cpu;
        features = features == null ? "" : features;
    }

    /** The machine this JVM runs on, as LLVM detects it (CPU name and its complete feature list). */
    public static TargetSpec host() {
        Llvm.initialize();
        return new TargetSpec(Llvm.takeMessage(LLVM.LLVMGetDefaultTargetTriple()),
                Llvm.takeMessage(LLVM.LLVMGetHostCPUName()), Llvm.takeMessage(LLVM.LLVMGetHostCPUFeatures()));
    }

    /** The host's triple with another CPU and features (e.g. {@code "x86-64-v3", ""} to force AVX2 code). */
    public static TargetSpec hostWithCpu(String cpu, String features) {
        Llvm.initialize();
        BytePointer t = LLVM.LLVMGetDefaultTargetTriple();
        return new TargetSpec(Llvm.takeMessage(t), cpu, features);
    }

    /** True for x86-64 triples. */
    public boolean isX86() {
        return triple.startsWith("x86_64") || triple.startsWith("amd64");
    }

    /** True for 64-bit ARM triples. */
    public boolean isAArch64() {
        return triple.startsWith("aarch64") || triple.startsWith("arm64");
    }

    /**
     * Whether the target has feature {@code name} (LLVM's spelling, without sign): an explicit
     * {@code +name}/{@code -name} in {@link #features()} decides; otherwise what the CPU name implies.
     */
    public boolean has(String name) {
        Boolean explicit = explicitFeatures().get(name);
        if (explicit != null) {
            return explicit;
        }
        Set<String> implied = isX86() ? CpuFeatures.x86(cpu) : isAArch64() ? CpuFeatures.aarch64(cpu) : Set.of();
        return implied.contains(name);
    }

    private Map<String, Boolean> explicitFeatures() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        Arrays.stream(features.split(",")).map(String::trim).filter(f -> f.length() > 1).forEach(f -> {
            if (f.charAt(0) == '+' || f.charAt(0) == '-') {
                m.put(f.substring(1), f.charAt(0) == '+');
            }
        });
        return m;
    }

    @Override
    public String toString() {
        String shortFeatures = features.length() > 60 ? features.substring(0, 57) + "..." : features;
        return triple + (cpu.isEmpty() ? "" : " cpu=" + cpu) + (features.isEmpty() ? "" : " features=" + shortFeatures);
    }
}

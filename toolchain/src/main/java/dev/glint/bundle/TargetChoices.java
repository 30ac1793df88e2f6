package dev.glint.bundle;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.llvm.Llvm;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMTargetRef;
import dev.glint.ir.GlintException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.llvm.global.LLVM;

/**
 * Checks a target's CPU and features against what LLVM knows, before code generation: LLVM itself only
 * prints a warning for an unknown CPU and carries on with a generic one, which would silently give the
 * user code for another processor. The LLVM-C API cannot list CPUs, so the presets' {@code llc
 * -mcpu=help} is asked (its output: "Available CPUs for this target:" and "Available features for this
 * target:", one {@code name - description} line each).
 */
public final class TargetChoices {
    private TargetChoices() {}

    /** The CPUs and features LLVM knows for one triple. */
    record Choices(Set<String> cpus, Set<String> features) {}

    /**
     * The triple in LLVM's normal form ({@code armv7a-linux-gnueabihf} becomes
     * {@code armv7a-unknown-linux-gnueabihf}). LLVM reads the parts of an unnormalized triple by position,
     * so without this the environment {@code gnueabihf} would be lost and ARM code would silently get
     * the soft-float ABI.
     */
    public static String normalize(String triple) {
        return new TargetSpec(triple, "", "").triple();
    }

    /** Throws a GlintException naming the unknown triple, CPU or feature and listing the valid ones. */
    public static void check(TargetSpec spec) {
        checkTriple(spec.triple());
        if (spec.cpu().isEmpty() && spec.features().isEmpty()) {
            return;
        }
        Choices choices = choices(spec.triple());
        if (!spec.cpu().isEmpty() && !spec.cpu().equals("generic") && !choices.cpus().contains(spec.cpu())) {
            throw new GlintException("--cpu: unknown CPU '" + spec.cpu() + "' for " + spec.triple() + "; choices: "
                    + String.join(", ", choices.cpus()));
        }
        for (String f : spec.features().split(",")) {
            String feature = f.trim();
            if (feature.isEmpty()) {
                continue;
            }
            if (feature.charAt(0) != '+' && feature.charAt(0) != '-') {
                throw new GlintException("--features: '" + feature + "' needs a sign (+" + feature + " or -" + feature + ")");
            }
            if (!choices.features().contains(feature.substring(1))) {
                throw new GlintException("--features: unknown feature '" + feature.substring(1) + "' for " + spec.triple()
                        + "; choices: " + String.join(", ", choices.features()));
            }
        }
    }

    private static void checkTriple(String triple) {
        Llvm.initialize();
        LLVMTargetRef target = new LLVMTargetRef();
        BytePointer error = new BytePointer((Pointer) null);
        if (LLVM.LLVMGetTargetFromTriple(new BytePointer(triple), target, error) != 0) {
            Llvm.takeMessage(error);
            List<String> known = new ArrayList<>();
            for (LLVMTargetRef t = LLVM.LLVMGetFirstTarget(); t != null && !t.isNull(); t = LLVM.LLVMGetNextTarget(t)) {
                known.add(LLVM.LLVMGetTargetName(t).getString());
            }
            throw new GlintException("--target: unknown target triple '" + triple + "'; architectures LLVM knows: "
                    + String.join(", ", known.stream().sorted().toList())
                    + " (e.g. x86_64-linux-gnu, aarch64-linux-gnu, armv7a-linux-gnueabihf)");
        }
    }

    static Choices choices(String triple) {
        List<String> command = List.of(LlvmTools.llc().toString(), "-mtriple=" + triple, "-mcpu=help",
                "-o", "/dev/null", "/dev/null");
        String output;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
        } catch (IOException e) {
            throw new GlintException("cannot run llc from the LLVM presets: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlintException("interrupted while asking llc for the CPUs of " + triple);
        }
        Set<String> cpus = new LinkedHashSet<>();
        Set<String> features = new LinkedHashSet<>();
        Set<String> section = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("Available CPUs")) {
                section = cpus;
            } else if (line.startsWith("Available features")) {
                section = features;
            } else if (section != null && line.startsWith("  ") && line.contains(" - ")) {
                section.add(line.trim().split("\\s+")[0]);
            } else if (!line.isBlank()) {
                section = null;
            }
        }
        if (cpus.isEmpty()) {
            throw new GlintException("llc listed no CPUs for " + triple + ": " + output.trim());
        }
        return new Choices(cpus, features);
    }
}

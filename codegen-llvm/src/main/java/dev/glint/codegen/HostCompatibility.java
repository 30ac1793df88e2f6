package dev.glint.codegen;

import dev.glint.ir.GlintException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whether code generated for a {@link TargetSpec} can run in this process. Jumping into code for another
 * architecture, or into instructions the CPU lacks, kills the JVM (SIGILL), so the JIT and bundle loading
 * check first: the architecture must be the host's, and every feature the target claims (explicitly, or
 * implied by its CPU name as far as Glint knows) must be one the host has.
 */
final class HostCompatibility {
    private HostCompatibility() {}

    /** Refuses, with a {@link GlintException}, a target whose code this machine cannot execute. */
    static void check(TargetSpec target, String what) {
        TargetSpec host = TargetSpec.host();
        if (!architecture(target).equals(architecture(host))) {
            throw new GlintException(what + " is for " + target.triple() + ", which cannot run on this machine ("
                    + host.triple() + ")");
        }
        for (String feature : claimedFeatures(target)) {
            if (target.has(feature) && !host.has(feature)) {
                throw new GlintException(what + " is for " + target + ", which needs CPU feature '" + feature
                        + "' that this machine (" + host.cpu() + ") lacks");
            }
        }
    }

    private static String architecture(TargetSpec t) {
        return t.triple().split("-", 2)[0];
    }

    /** The features named with {@code +} in the target's feature string, and those its CPU name implies. */
    private static Set<String> claimedFeatures(TargetSpec t) {
        Set<String> names = new LinkedHashSet<>();
        for (String f : t.features().split(",")) {
            f = f.trim();
            if (f.length() > 1 && f.charAt(0) == '+') {
                names.add(f.substring(1));
            }
        }
        names.addAll(t.isX86() ? CpuFeatures.x86(t.cpu()) : t.isAArch64() ? CpuFeatures.aarch64(t.cpu()) : Set.of());
        return names;
    }
}

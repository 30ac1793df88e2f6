package dev.glint.bundle;

import dev.glint.codegen.TargetSpec;
import dev.glint.ir.GlintException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Links a bundle's object file into a shared library with the presets' lld. The object is position
 * independent (the code generator always emits PIC); the few C library functions it may call (memcpy,
 * expf, ...) are left undefined and resolved by the process that loads the library, as usual for ELF.
 */
public final class SharedLibraryLinker {
    private SharedLibraryLinker() {}

    /** Links {@code object} into {@code library}; fails with lld's message when it refuses. */
    public static void link(TargetSpec target, Path object, Path library) throws IOException {
        List<String> command = List.of(LlvmTools.lld().toString(), "-flavor", "gnu", "-shared", "-m",
                emulation(target), "-soname", library.getFileName().toString(), "-o", library.toString(),
                object.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while linking " + library);
        }
        if (status != 0) {
            throw new GlintException("lld could not link " + library + ": " + output);
        }
    }

    /** lld's emulation name for the target's ELF flavour. */
    static String emulation(TargetSpec target) {
        String arch = target.triple().split("-")[0];
        if (target.isX86()) {
            return "elf_x86_64";
        }
        if (target.isAArch64()) {
            return "aarch64linux";
        }
        if (arch.startsWith("arm") || arch.startsWith("thumb")) {
            return "armelf_linux_eabi";
        }
        if (arch.equals("riscv64")) {
            return "elf64lriscv";
        }
        throw new GlintException("--shared: no shared-library linking for target '" + target.triple()
                + "'; supported: x86_64, aarch64, arm*, riscv64 (ELF)");
    }
}

package dev.glint.bundle;

import dev.glint.ir.GlintException;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.glint.codegen.llvm.Llvm;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.llvm.global.LLVM;

/**
 * The executables that ship in the Bytedeco LLVM presets' natives jar (under
 * {@code org/bytedeco/llvm/PLATFORM/}), extracted once into JavaCPP's cache. Using them keeps bundles
 * independent of whatever LLVM (if any) the workstation has installed.
 */
public final class LlvmTools {
    private LlvmTools() {}

    /** The multi-flavour linker {@code lld} (run it with {@code -flavor gnu} for ELF). */
    public static Path lld() {
        return tool("lld");
    }

    /** Any executable of the presets by name (e.g. {@code llvm-readobj}). */
    public static Path named(String name) {
        return tool(name);
    }

    /** {@code llc}, whose {@code -mcpu=help} lists a target's CPUs and features. */
    public static Path llc() {
        return tool("llc");
    }

    /** {@code llvm-objdump}, for disassembling objects of any target. */
    public static Path objdump() {
        return tool("llvm-objdump");
    }

    /**
     * The tools find {@code libLLVM.so.MAJOR.MINOR} beside themselves (their RUNPATH is {@code $ORIGIN}),
     * but the jar carries it as plain {@code libLLVM.so}: extract that too and give it the versioned name.
     */
    private static void linkVersionedLibrary(Path dir) throws IOException {
        Llvm.initialize();
        IntPointer major = new IntPointer(1);
        IntPointer minor = new IntPointer(1);
        IntPointer patch = new IntPointer(1);
        LLVM.LLVMGetVersion(major, minor, patch);
        Path versioned = dir.resolve("libLLVM.so." + major.get() + "." + minor.get());
        if (Files.exists(versioned)) {
            return;
        }
        File library = Loader.cacheResource(LLVM.class, "/org/bytedeco/llvm/" + Loader.getPlatform() + "/libLLVM.so");
        if (library == null) {
            throw new GlintException("the LLVM presets carry no libLLVM.so for " + Loader.getPlatform());
        }
        try {
            Files.createSymbolicLink(versioned, library.toPath().getFileName());
        } catch (FileAlreadyExistsException raced) {
            // Another process made the same link meanwhile: fine.
        }
    }

    private static synchronized Path tool(String name) {
        String resource = "/org/bytedeco/llvm/" + Loader.getPlatform() + "/" + name;
        try {
            File f = Loader.cacheResource(LLVM.class, resource);
            if (f == null) {
                throw new GlintException("the LLVM presets for " + Loader.getPlatform() + " carry no '" + name + "'");
            }
            if (!f.canExecute() && !f.setExecutable(true)) {
                throw new GlintException("cannot make " + f + " executable");
            }
            linkVersionedLibrary(f.toPath().getParent());
            return f.toPath();
        } catch (IOException e) {
            throw new GlintException("cannot extract '" + name + "' from the LLVM presets: " + e.getMessage());
        }
    }
}

package dev.glint.codegen.llvm;

import dev.glint.codegen.TargetSpec;
import dev.glint.ir.GlintException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.LLVM.LLVMTargetRef;
import org.bytedeco.llvm.global.LLVM;

/** Creates LLVM target machines for a {@link TargetSpec}; the caller owns (and disposes) the result. */
public final class TargetMachines {
    private TargetMachines() {}

    /**
     * A target machine at the most aggressive code generation level, position-independent so that the
     * same code serves the JIT and shared-library bundles. An unknown triple is the user's mistake
     * (a {@link GlintException} naming it).
     */
    public static LLVMTargetMachineRef create(TargetSpec spec) {
        Llvm.initialize();
        LLVMTargetRef target = new LLVMTargetRef();
        BytePointer error = new BytePointer((Pointer) null);
        if (LLVM.LLVMGetTargetFromTriple(new BytePointer(spec.triple()), target, error) != 0) {
            throw new GlintException("unknown target triple '" + spec.triple() + "': " + Llvm.takeMessage(error));
        }
        LLVMTargetMachineRef tm = LLVM.LLVMCreateTargetMachine(target, spec.triple(), spec.cpu(), spec.features(),
                LLVM.LLVMCodeGenLevelAggressive, LLVM.LLVMRelocPIC, LLVM.LLVMCodeModelDefault);
        if (tm == null || tm.isNull()) {
            throw new GlintException("LLVM cannot create a target machine for " + spec);
        }
        return tm;
    }

    /** The data layout string of a target machine (for the module header). */
    public static String dataLayout(LLVMTargetMachineRef tm) {
        var layout = LLVM.LLVMCreateTargetDataLayout(tm);
        try {
            return Llvm.takeMessage(LLVM.LLVMCopyStringRepOfTargetData(layout));
        } finally {
            LLVM.LLVMDisposeTargetData(layout);
        }
    }
}

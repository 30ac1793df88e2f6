package dev.glint.bench;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.llvm.Llvm;
import dev.glint.codegen.llvm.LlvmModule;
import dev.glint.codegen.llvm.TargetMachines;
import dev.glint.runtime.EntryPoint;
import dev.glint.runtime.NativeBuffer;
import dev.glint.runtime.NativeLifetime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.llvm.LLVM.LLVMOrcJITTargetMachineBuilderRef;
import org.bytedeco.llvm.LLVM.LLVMOrcLLJITBuilderRef;
import org.bytedeco.llvm.LLVM.LLVMOrcLLJITRef;
import org.bytedeco.llvm.LLVM.LLVMOrcThreadSafeContextRef;
import org.bytedeco.llvm.LLVM.LLVMOrcThreadSafeModuleRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * The machine's int8 multiply-accumulate peak on one core, measured: a loop of the best dot-product
 * instruction the CPU has (and, to compare, of the float fused multiply-add), written as LLVM IR, compiled by the same ORC JIT and LLVM as Glint's networks,
 * and called through the same three-pointer entry. Each of {@value #CHAINS} independent accumulators is
 * fed by its own previous value (so no work is loop-invariant and hoisted), and enough of them hide the
 * instruction's latency so that throughput is what is measured.
 */
final class DotProductPeak {
    /** Independent accumulator chains: latency (3 to 7 cycles for these sequences) times two issue ports. */
    static final int CHAINS = 12;

    /**
     * One instruction sequence: its IR for one step of one chain and the multiply-accumulates it does;
     * {@code floats} when it multiplies floats (its operands are then 1.0, so that each step adds 1 and the
     * values stay normal, never denormal or infinite).
     */
    record Isa(String name, String declarations, String vector, String step, int macsPerStep, boolean floats) {
        Isa(String name, String declarations, String vector, String step, int macsPerStep) {
            this(name, declarations, vector, step, macsPerStep, false);
        }
    }

    /** VNNI: vpdpbusd on 256-bit vectors, 32 u8 x s8 products summed into eight int32 lanes. */
    static final Isa VNNI = new Isa("vpdpbusd (ymm)",
            "declare <8 x i32> @llvm.x86.avx512.vpdpbusd.256(<8 x i32>, <8 x i32>, <8 x i32>)\n",
            "<8 x i32>",
            "  %%s%1$d = call <8 x i32> @llvm.x86.avx512.vpdpbusd.256(<8 x i32> %%acc%1$d, <8 x i32> %%acc%1$d, <8 x i32> %%y)\n",
            32);

    /** AVX2: vpmaddubsw (32 u8 x s8 products into 16 saturating int16 pairs), widened by vpmaddwd with ones. */
    static final Isa AVX2_UBSW = new Isa("vpmaddubsw+vpmaddwd (ymm)",
            "declare <16 x i16> @llvm.x86.avx2.pmadd.ub.sw(<32 x i8>, <32 x i8>)\n"
                    + "declare <8 x i32> @llvm.x86.avx2.pmadd.wd(<16 x i16>, <16 x i16>)\n",
            "<8 x i32>",
            "  %%b%1$d = bitcast <8 x i32> %%acc%1$d to <32 x i8>\n"
                    + "  %%yb%1$d = bitcast <8 x i32> %%y to <32 x i8>\n"
                    + "  %%p%1$d = call <16 x i16> @llvm.x86.avx2.pmadd.ub.sw(<32 x i8> %%b%1$d, <32 x i8> %%yb%1$d)\n"
                    + "  %%w%1$d = call <8 x i32> @llvm.x86.avx2.pmadd.wd(<16 x i16> %%p%1$d, <16 x i16> "
                    + "<i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1>)\n"
                    + "  %%s%1$d = add <8 x i32> %%acc%1$d, %%w%1$d\n",
            32);

    /** AVX2: vpmaddwd alone, 16 exact int16 x int16 products (what Glint's AVX2 int8 kernel uses). */
    static final Isa AVX2_WD = new Isa("vpmaddwd (ymm)",
            "declare <8 x i32> @llvm.x86.avx2.pmadd.wd(<16 x i16>, <16 x i16>)\n",
            "<8 x i32>",
            "  %%a%1$d = bitcast <8 x i32> %%acc%1$d to <16 x i16>\n"
                    + "  %%yw%1$d = bitcast <8 x i32> %%y to <16 x i16>\n"
                    + "  %%w%1$d = call <8 x i32> @llvm.x86.avx2.pmadd.wd(<16 x i16> %%a%1$d, <16 x i16> %%yw%1$d)\n"
                    + "  %%s%1$d = add <8 x i32> %%acc%1$d, %%w%1$d\n",
            16);

    /** AArch64: sdot, 16 s8 x s8 products into four int32 lanes. */
    static final Isa SDOT = new Isa("sdot (v.4s)",
            "declare <4 x i32> @llvm.aarch64.neon.sdot.v4i32.v16i8(<4 x i32>, <16 x i8>, <16 x i8>)\n",
            "<4 x i32>",
            "  %%b%1$d = bitcast <4 x i32> %%acc%1$d to <16 x i8>\n"
                    + "  %%yb%1$d = bitcast <4 x i32> %%y to <16 x i8>\n"
                    + "  %%s%1$d = call <4 x i32> @llvm.aarch64.neon.sdot.v4i32.v16i8(<4 x i32> %%acc%1$d, <16 x i8> %%b%1$d, <16 x i8> %%yb%1$d)\n",
            16);

    /** Float: fused multiply-add on 256-bit vectors, eight float products ({@code vfmadd231ps ymm}). */
    static final Isa FMA_256 = new Isa("vfmadd231ps (ymm)",
            "declare <8 x float> @llvm.fma.v8f32(<8 x float>, <8 x float>, <8 x float>)\n",
            "<8 x float>",
            "  %%s%1$d = call <8 x float> @llvm.fma.v8f32(<8 x float> %%acc%1$d, <8 x float> %%y, <8 x float> %%y)\n",
            8, true);

    /** Float: fused multiply-add on 512-bit vectors ({@code vfmadd231ps zmm}). */
    static final Isa FMA_512 = new Isa("vfmadd231ps (zmm)",
            "declare <16 x float> @llvm.fma.v16f32(<16 x float>, <16 x float>, <16 x float>)\n",
            "<16 x float>",
            "  %%s%1$d = call <16 x float> @llvm.fma.v16f32(<16 x float> %%acc%1$d, <16 x float> %%y, <16 x float> %%y)\n",
            16, true);

    /** AArch64: fmla on 128-bit vectors, four float products. */
    static final Isa FMLA = new Isa("fmla (v.4s)",
            "declare <4 x float> @llvm.fma.v4f32(<4 x float>, <4 x float>, <4 x float>)\n",
            "<4 x float>",
            "  %%s%1$d = call <4 x float> @llvm.fma.v4f32(<4 x float> %%acc%1$d, <4 x float> %%y, <4 x float> %%y)\n",
            4, true);

    /** The widest float fused multiply-add this target has, or null. */
    static Isa floatFma(TargetSpec t) {
        if (t.isAArch64()) {
            return FMLA;
        }
        if (t.has("avx512f") && t.has("evex512")) {
            return FMA_512;
        }
        return t.has("fma") && t.has("avx") ? FMA_256 : null;
    }

    /** The sequences this target can run, best first. */
    static List<Isa> available(TargetSpec t) {
        if (t.isAArch64()) {
            return t.has("dotprod") ? List.of(SDOT) : List.of();
        }
        List<Isa> list = new ArrayList<>();
        if (t.has("avxvnni") || (t.has("avx512vnni") && t.has("avx512vl"))) {
            list.add(VNNI);
        }
        if (t.has("avx2")) {
            list.add(AVX2_UBSW);
            list.add(AVX2_WD);
        }
        return list;
    }

    /** The loop's IR: {@code i32 @peak(ptr counts, ptr out, ptr operands)}; counts[0] is the trip count. */
    static String ir(Isa isa) {
        StringBuilder b = new StringBuilder(isa.declarations());
        String v = isa.vector();
        b.append("define i32 @peak(ptr %c, ptr %m, ptr %a) {\nentry:\n  %n = load i64, ptr %c\n");
        b.append("  %y = load ").append(v).append(", ptr %a, align 64\n");
        for (int k = 0; k < CHAINS; k++) {
            b.append(String.format("  %%ap%d = getelementptr i8, ptr %%a, i64 %d%n", k, 64 * (k + 1)));
            b.append(String.format("  %%init%d = load %s, ptr %%ap%d, align 64%n", k, v, k));
        }
        b.append("  br label %loop\nloop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n");
        for (int k = 0; k < CHAINS; k++) {
            b.append(String.format("  %%acc%d = phi %s [%%init%d, %%entry], [%%s%d, %%loop]%n", k, v, k, k));
        }
        for (int k = 0; k < CHAINS; k++) {
            b.append(String.format(isa.step(), k));
        }
        b.append("  %i1 = add i64 %i, 1\n  %done = icmp eq i64 %i1, %n\n  br i1 %done, label %exit, label %loop\n");
        b.append("exit:\n");
        String sum = "%s0";
        for (int k = 1; k < CHAINS; k++) {
            b.append(String.format("  %%t%d = %s %s %s, %%s%d%n", k, isa.floats() ? "fadd" : "add", v, sum, k));
            sum = "%t" + k;
        }
        b.append("  store ").append(v).append(' ').append(sum).append(", ptr %m, align 64\n  ret i32 0\n}\n");
        return b.toString();
    }

    /** Compiles the loop for the host and returns its multiply-accumulates per second (best of {@code repeats}). */
    static double macsPerSecond(Isa isa, long iterations, int repeats) {
        TargetSpec host = TargetSpec.host();
        LLVMOrcLLJITRef jit;
        long address;
        synchronized (Llvm.LOCK) {
            Llvm.initialize();
            LLVMOrcJITTargetMachineBuilderRef jtmb =
                    LLVM.LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(TargetMachines.create(host));
            LLVMOrcLLJITBuilderRef builder = LLVM.LLVMOrcCreateLLJITBuilder();
            LLVM.LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
            jit = new LLVMOrcLLJITRef();
            Llvm.check(LLVM.LLVMOrcCreateLLJIT(jit, builder), "creating the JIT");
            LLVMOrcThreadSafeContextRef tsc = LLVM.LLVMOrcCreateNewThreadSafeContext();
            LLVMOrcThreadSafeModuleRef tsm;
            try (LlvmModule module = LlvmModule.parse(LLVM.LLVMOrcThreadSafeContextGetContext(tsc), ir(isa), "peak")) {
                module.verify();
                tsm = LLVM.LLVMOrcCreateNewThreadSafeModule(module.release(), tsc);
            } finally {
                LLVM.LLVMOrcDisposeThreadSafeContext(tsc);
            }
            Llvm.check(LLVM.LLVMOrcLLJITAddLLVMIRModule(jit, LLVM.LLVMOrcLLJITGetMainJITDylib(jit), tsm), "adding the loop");
            LongPointer p = new LongPointer(1);
            Llvm.check(LLVM.LLVMOrcLLJITLookup(jit, p, "peak"), "looking up the loop");
            address = p.get();
            p.close();
        }
        try (NativeBuffer counts = NativeBuffer.allocate(64); NativeBuffer out = NativeBuffer.allocate(64);
                NativeBuffer operands = NativeBuffer.allocate(64L * (CHAINS + 1))) {
            byte[] ops = new byte[64 * (CHAINS + 1)];
            ByteBuffer values = ByteBuffer.wrap(ops).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ops.length; i += isa.floats() ? 4 : 1) {
                if (isa.floats()) {
                    values.putFloat(i, 1f);
                } else {
                    ops[i] = (byte) (i * 7 % 5); // small values: no saturation, no overflow in the loop
                }
            }
            operands.putBytes(0, ops);
            counts.putBytes(0, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(iterations).array());
            EntryPoint entry = new EntryPoint("peak", address, 64, 64, 64L * (CHAINS + 1), new NativeLifetime("the dot-product peak loop"));
            double best = 0;
            for (int r = 0; r < repeats; r++) {
                long s = System.nanoTime();
                entry.call(counts, out, operands);
                double seconds = (System.nanoTime() - s) / 1e9;
                best = Math.max(best, (double) iterations * CHAINS * isa.macsPerStep() / seconds);
            }
            return best;
        } finally {
            synchronized (Llvm.LOCK) {
                Llvm.check(LLVM.LLVMOrcDisposeLLJIT(jit), "disposing the JIT");
            }
        }
    }
}

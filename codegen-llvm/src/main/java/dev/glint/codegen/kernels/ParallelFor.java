package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the iterations {@code [0, n)} of a kernel's loop on the compiled network's threads. With one
 * thread the loop is emitted in place (no call, no overhead). With more, the body goes into a task
 * function {@code void(ptr captured, i64 i, i64 thread)}, the values it uses are passed through a small
 * array on the stack, and the threads of the inference's {@link ThreadTeam} claim the iterations one by
 * one. Iterations must write disjoint results and never share a reduction, so the results are the same
 * for every thread count and every order; {@code thread} (below the loop's thread count) may select
 * per-thread scratch.
 */
final class ParallelFor {
    /**
     * The loop body: writes iteration {@code i}, run by thread {@code thread}, into {@code f}, using
     * {@code captured} in place of the values given.
     */
    @FunctionalInterface
    interface Body {
        void emit(FunctionWriter f, String i, String thread, List<String> captured);
    }

    /** The body of a loop over ranges: writes items {@code [from, to)} into {@code f}. */
    @FunctionalInterface
    interface RangeBody {
        void emit(FunctionWriter f, String from, String to, List<String> captured);
    }

    /** Chunks per thread of a loop over ranges, so that a faster thread can claim more of them. */
    static final int CHUNKS_PER_THREAD = 4;

    private ParallelFor() {}

    /**
     * Emits items {@code [0, count)} as contiguous ranges on up to {@code threads} threads: one range
     * with one thread, else up to {@link #CHUNKS_PER_THREAD} per thread (never empty).
     */
    static void ranges(KernelContext ctx, int threads, String name, long count, List<String> captured, RangeBody body) {
        long chunks = threads <= 1 ? 1 : Math.max(1, Math.min(count, (long) threads * CHUNKS_PER_THREAD));
        emit(ctx, threads, name, chunks, captured, (t, k, thread, v) -> {
            String from = t.assign("from", "udiv i64 " + t.mul("i64", k, Long.toString(count)) + ", " + chunks);
            String to = t.assign("to", "udiv i64 " + t.mul("i64", t.add("i64", k, "1"), Long.toString(count)) + ", " + chunks);
            body.emit(t, from, to, v);
        });
    }

    /**
     * Emits {@code for (i = 0; i < n; i++) body(i)} into {@code ctx}'s function, on up to {@code threads}
     * threads. {@code captured} are the values (pointers as {@code "ptr %x"}, integers as {@code "i64 %n"})
     * the body may use; it receives them, valid in the function it writes into, in the same order.
     */
    static void emit(KernelContext ctx, int threads, String name, long n, List<String> captured, Body body) {
        FunctionWriter f = ctx.f();
        List<String> values = new ArrayList<>();
        for (String typed : captured) {
            values.add(typed.substring(typed.indexOf(' ') + 1));
        }
        if (threads <= 1 || n <= 1) {
            f.loop(name, 0, n, dev.glint.codegen.irgen.LoopHints.KEEP, i -> body.emit(f, i, "0", values));
            return;
        }
        IrModule module = ctx.module();
        String runner = ThreadTeam.runner(module, ctx.target(), ctx.threads().count());
        String task = f.name() + "." + name;
        FunctionWriter t = module.function("internal", "void", task,
                List.of(new Param("ptr", "captured", "nocapture readonly"), new Param("i64", "i", ""),
                        new Param("i64", "thread", "")), "nounwind noinline");
        List<String> inside = new ArrayList<>();
        for (int k = 0; k < captured.size(); k++) {
            String type = captured.get(k).substring(0, captured.get(k).indexOf(' '));
            inside.add(t.load(type, t.gep("i64", "%captured", Integer.toString(k)), 8));
        }
        body.emit(t, "%i", "%thread", inside);
        t.retVoid();
        String slots = f.alloca("[" + Math.max(1, captured.size()) + " x i64]", "captured");
        for (int k = 0; k < captured.size(); k++) {
            String typed = captured.get(k);
            f.store(typed.substring(0, typed.indexOf(' ')), values.get(k), f.gep("i64", slots, Integer.toString(k)), 8);
        }
        f.call("void", runner, "ptr " + ctx.team(), "ptr @" + task, "ptr " + slots, "i64 " + n, "i64 " + threads);
    }
}

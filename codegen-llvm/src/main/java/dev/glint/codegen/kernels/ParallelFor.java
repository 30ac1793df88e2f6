package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the iterations {@code [0, n)} of a kernel's loop on the compiled network's threads. With one
 * thread the loop is emitted in place (no call, no overhead). With more, the body goes into a task
 * function {@code void(ptr captured, i64 i)}, the values it uses are passed through a small array on
 * the stack, and {@code glint.parallel_for.N} splits the iterations into contiguous ranges, one per
 * thread, started with POSIX {@code pthread_create} and awaited with {@code pthread_join} (resolved from
 * the C library, in process for the JIT and at link time for a bundle). Iterations must write disjoint
 * results and never share a reduction, so the results are the same for every thread count.
 */
final class ParallelFor {
    private static final String RUNNER = "glint.parallel_for";
    private static final String WORKER = "glint.parallel_worker";
    /** A worker's range: {@code {ptr task, ptr captured, i64 begin, i64 end}}. */
    private static final String RANGE = "{ ptr, ptr, i64, i64 }";

    /** The loop body: writes iteration {@code i} into {@code f}, using {@code captured} in place of the values given. */
    @FunctionalInterface
    interface Body {
        void emit(FunctionWriter f, String i, List<String> captured);
    }

    private ParallelFor() {}

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
            f.loop(name, 0, n, dev.glint.codegen.irgen.LoopHints.KEEP, i -> body.emit(f, i, values));
            return;
        }
        IrModule module = ctx.module();
        String runner = defineRunner(module, threads);
        String task = f.name() + "." + name;
        FunctionWriter t = module.function("internal", "void", task,
                List.of(new Param("ptr", "captured", "nocapture readonly"), new Param("i64", "i", "")), "nounwind noinline");
        List<String> inside = new ArrayList<>();
        for (int k = 0; k < captured.size(); k++) {
            String type = captured.get(k).substring(0, captured.get(k).indexOf(' '));
            inside.add(t.load(type, t.gep("i64", "%captured", Integer.toString(k)), 8));
        }
        body.emit(t, "%i", inside);
        t.retVoid();
        String slots = f.alloca("[" + Math.max(1, captured.size()) + " x i64]", "captured");
        for (int k = 0; k < captured.size(); k++) {
            String typed = captured.get(k);
            f.store(typed.substring(0, typed.indexOf(' ')), values.get(k), f.gep("i64", slots, Integer.toString(k)), 8);
        }
        f.call("void", runner, "ptr @" + task, "ptr " + slots, "i64 " + n);
    }

    /**
     * Defines the runner for {@code threads} threads (static contiguous ranges) once per module, and the
     * worker they share; returns the runner's name ({@code glint.parallel_for.N}: kernels may split their
     * work over fewer threads than the network has).
     */
    private static String defineRunner(IrModule module, int threads) {
        String runner = RUNNER + "." + threads;
        if (module.defines(runner)) {
            return runner;
        }
        module.declareExternal("pthread_create", "declare i32 @pthread_create(ptr, ptr, ptr, ptr) nounwind");
        module.declareExternal("pthread_join", "declare i32 @pthread_join(i64, ptr) nounwind");
        if (!module.defines(WORKER)) {
            defineWorker(module);
        }
        defineRunnerBody(module, runner, threads);
        return runner;
    }

    private static void defineWorker(IrModule module) {
        FunctionWriter w = module.function("internal", "ptr", WORKER, List.of(new Param("ptr", "range", "")), "nounwind");
        String task = w.load("ptr", "%range", 8);
        String captured = w.load("ptr", w.gep("i64", "%range", "1"), 8);
        String begin = w.load("i64", w.gep("i64", "%range", "2"), 8);
        String end = w.load("i64", w.gep("i64", "%range", "3"), 8);
        w.loop("i", begin, end, dev.glint.codegen.irgen.LoopHints.KEEP,
                i -> w.line("call void " + task + "(ptr " + captured + ", i64 " + i + ")"));
        w.ret("ptr", "null");
    }

    private static void defineRunnerBody(IrModule module, String runner, int threads) {
        FunctionWriter f = module.function("internal", "void", runner, List.of(new Param("ptr", "task", ""),
                new Param("ptr", "captured", ""), new Param("i64", "n", "")), "nounwind noinline");
        String ranges = f.alloca("[" + threads + " x " + RANGE + "]", "ranges");
        String ids = f.alloca("[" + threads + " x i64]", "ids");
        String failed = f.alloca("[" + threads + " x i64]", "failed");
        String count = Integer.toString(threads);
        f.loop("t", 0, threads, t -> {
            String range = f.gep(RANGE, ranges, t);
            f.store("ptr", "%task", range, 8);
            f.store("ptr", "%captured", f.gep("i64", range, "1"), 8);
            // thread t takes [n * t / threads, n * (t + 1) / threads)
            String from = f.assign("from", "udiv i64 " + f.mul("i64", "%n", t) + ", " + count);
            String to = f.assign("to", "udiv i64 " + f.mul("i64", "%n", f.add("i64", t, "1")) + ", " + count);
            f.store("i64", from, f.gep("i64", range, "2"), 8);
            f.store("i64", to, f.gep("i64", range, "3"), 8);
        });
        f.loop("t", 1, threads, t -> {
            String rc = f.call("i32", "pthread_create", "ptr " + f.gep("i64", ids, t), "ptr null", "ptr @" + WORKER,
                    "ptr " + f.gep(RANGE, ranges, t));
            f.store("i64", f.convert("zext", "i1", f.icmp("ne", "i32", rc, "0"), "i64"), f.gep("i64", failed, t));
        });
        f.call("ptr", WORKER, "ptr " + f.gep(RANGE, ranges, "0"));
        f.loop("t", 1, threads, t -> {
            String fail = f.load("i64", f.gep("i64", failed, t));
            // a thread that could not start: run its range here (a loop of 0 or 1 iterations is the branch)
            f.loop("retry", "0", fail, r -> f.call("ptr", WORKER, "ptr " + f.gep(RANGE, ranges, t)));
            f.loop("join", fail, "1", j -> f.call("i32", "pthread_join", "i64 " + f.load("i64", f.gep("i64", ids, t)), "ptr null"));
        });
        f.retVoid();
    }
}

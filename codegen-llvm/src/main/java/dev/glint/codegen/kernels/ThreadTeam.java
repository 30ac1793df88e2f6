package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.List;

/**
 * The threads of one inference: started by the first parallel loop of a call of the entry, kept waiting
 * between loops, and joined when the entry returns. Starting threads per loop cost ~40 µs of kernel time
 * for each of MobileNetV2's 40 split layers (a fifth of a 2-thread inference); a team pays it once per
 * call. The team lives on the entry's stack, so concurrent calls have separate teams and nothing outlives
 * the call: no global state, no shutdown function in the bundle ABI, nothing running in JIT code after a
 * network is closed.
 *
 * <p>Protocol (one writer, the calling thread): to hand out a loop it stores the task, its values, the
 * iteration count and the number of participants, clears {@code next} and {@code done}, and publishes a
 * new {@code generation} with a release store. Each worker waits for a new generation (acquire); if it
 * participates it claims iterations one at a time from {@code next} (an atomic counter) until none are
 * left, then adds 1 to {@code done} (release). The caller claims iterations the same way and then waits
 * until every started worker has counted itself. Claiming rather than fixed ranges keeps both cores busy
 * when one runs slower (a shared machine, a noisy neighbour): with fixed halves the caller of a 2-thread
 * MobileNetV2 waited a fifth of its time. A task learns which thread runs it ({@code 0} the caller,
 * {@code 1..} the workers, always below the loop's participants), for per-thread scratch. Waiting spins with the CPU's pause hint, then
 * yields the processor ({@code sched_yield}) so that an oversubscribed machine still makes progress.
 */
public final class ThreadTeam {
    static final String RUN = "glint.team.run";
    private static final String WORKER = "glint.team.worker";
    private static final String FINISH = "glint.team.finish";

    // byte offsets in the team block; `done` has its own cache line, as workers write it while the caller polls
    private static final int GENERATION = 0;
    private static final int TASK = 8;
    private static final int CAPTURED = 16;
    private static final int COUNT = 24;
    private static final int PARTS = 32;
    private static final int STOP = 40;
    private static final int STARTED = 48;
    private static final int ATTEMPTED = 56;
    private static final int DONE = 64;
    private static final int NEXT = 128;
    /** Worker k's slot: {@code {ptr team, i64 index, i64 pthread id, i64 unused}}. */
    private static final int SLOTS = 192;
    private static final int SLOT_BYTES = 32;
    /** Pause-hinted polls before a waiting thread starts yielding its processor. */
    private static final int SPINS_BEFORE_YIELD = 1 << 14;

    private ThreadTeam() {}

    /** Bytes of the team block for {@code threads} threads (the caller and {@code threads - 1} workers). */
    private static long bytes(int threads) {
        return SLOTS + (long) SLOT_BYTES * Math.max(0, threads - 1);
    }

    /**
     * Emits into the entry {@code f} (after its node functions were written) the call's team for
     * {@code threads} threads and returns the pointer to pass to the node functions: a zeroed block on
     * the entry's stack if some kernel splits its work, else {@code null}.
     */
    public static String begin(FunctionWriter f, int threads) {
        if (!f.module().defines(RUN)) {
            return "null";
        }
        String team = f.alloca("[" + bytes(threads) + " x i8]", "team");
        f.call("void", "llvm.memset.p0.i64", "ptr " + team, "i8 0", "i64 " + bytes(threads), "i1 false");
        return team;
    }

    /** Emits into the entry the end of the call: stops and joins the workers the team started (none if no loop ran in parallel). */
    public static void end(FunctionWriter f, String team) {
        if (f.module().defines(RUN)) {
            f.call("void", FINISH, "ptr " + team);
        }
    }

    /**
     * Defines (once) {@code glint.team.run(ptr team, ptr task, ptr captured, i64 n, i64 parts)}, which
     * runs {@code task(captured, i, thread)} for {@code i} in {@code [0, n)} on up to {@code parts} of
     * the team's {@code threads}; returns its name.
     */
    static String runner(IrModule module, TargetSpec target, int threads) {
        if (!module.defines(RUN)) {
            module.declareExternal("pthread_create", "declare i32 @pthread_create(ptr, ptr, ptr, ptr) nounwind");
            module.declareExternal("pthread_join", "declare i32 @pthread_join(i64, ptr) nounwind");
            module.declareExternal("sched_yield", "declare i32 @sched_yield() nounwind");
            defineWorker(module, target);
            defineRun(module, target, threads);
            defineFinish(module);
        }
        return RUN;
    }

    private static String field(FunctionWriter f, String team, int offset) {
        return f.byteOffset(team, offset);
    }

    /** {@code task(captured, i, thread)} for the iterations of {@code [0, n)} that thread {@code thread} claims from {@code next}. */
    private static void runClaimed(FunctionWriter f, String task, String captured, String n, String thread, String next) {
        f.doWhile("claim", () -> {
            String i = f.assign("i", "atomicrmw add ptr " + next + ", i64 1 monotonic, align 8");
            String more = f.icmp("ult", "i64", i, n);
            f.ifThen("claimed", more, () -> f.line("call void " + task + "(ptr " + captured + ", i64 " + i + ", i64 " + thread + ")"));
            return more;
        });
    }

    /** Polls until {@code ready} (written by {@code test}) holds: pause hints first, then yields. */
    private static void waitUntil(FunctionWriter f, TargetSpec target, java.util.function.Supplier<String> test) {
        String polls = f.variable("i64", "polls", "0");
        f.doWhile("wait", () -> {
            String ready = test.get();
            String waiting = f.assign("waiting", "xor i1 " + ready + ", true");
            f.ifThen("idle", waiting, () -> {
                String p = f.load("i64", polls);
                f.store("i64", f.add("i64", p, "1"), polls);
                String spin = f.icmp("slt", "i64", p, Integer.toString(SPINS_BEFORE_YIELD));
                f.ifThen("spin", spin, () -> pauseHint(f, target));
                f.ifThen("yield", f.assign("tired", "xor i1 " + spin + ", true"), () -> f.call("i32", "sched_yield"));
            });
            return waiting;
        });
    }

    private static void pauseHint(FunctionWriter f, TargetSpec target) {
        String triple = target.triple();
        if (triple.startsWith("x86_64") || triple.startsWith("i686") || triple.startsWith("i386")) {
            f.call("void", "llvm.x86.sse2.pause");
        } else if (triple.startsWith("aarch64") || triple.startsWith("arm64")) {
            f.call("void", "llvm.aarch64.hint", "i32 1"); // YIELD
        }
    }

    private static void defineWorker(IrModule module, TargetSpec target) {
        FunctionWriter w = module.function("internal", "ptr", WORKER, List.of(new Param("ptr", "slot", "")), "nounwind");
        String team = w.load("ptr", "%slot", 8);
        String index = w.load("i64", w.gep("i64", "%slot", "1"), 8);
        String seen = w.variable("i64", "seen", "0");
        String generationField = field(w, team, GENERATION);
        w.doWhile("serve", () -> {
            String last = w.load("i64", seen);
            String generation = w.fresh("generation");
            waitUntil(w, target, () -> {
                w.line(generation + " = load atomic i64, ptr " + generationField + " acquire, align 8");
                return w.icmp("ne", "i64", generation, last);
            });
            w.store("i64", generation, seen);
            String stop = w.icmp("ne", "i64", w.load("i64", field(w, team, STOP), 8), "0");
            String working = w.assign("working", "xor i1 " + stop + ", true");
            w.ifThen("job", working, () -> {
                String parts = w.load("i64", field(w, team, PARTS), 8);
                w.ifThen("share", w.icmp("ult", "i64", index, parts), () -> runClaimed(w,
                        w.load("ptr", field(w, team, TASK), 8), w.load("ptr", field(w, team, CAPTURED), 8),
                        w.load("i64", field(w, team, COUNT), 8), index, field(w, team, NEXT)));
                w.line("atomicrmw add ptr " + field(w, team, DONE) + ", i64 1 release, align 8");
            });
            return working;
        });
        w.ret("ptr", "null");
    }

    private static void defineRun(IrModule module, TargetSpec target, int threads) {
        FunctionWriter f = module.function("internal", "void", RUN, List.of(new Param("ptr", "team", ""),
                new Param("ptr", "task", ""), new Param("ptr", "captured", ""), new Param("i64", "n", ""),
                new Param("i64", "parts", "")), "nounwind noinline");
        String attempted = field(f, "%team", ATTEMPTED);
        String startedField = field(f, "%team", STARTED);
        f.ifThen("start", f.icmp("eq", "i64", f.load("i64", attempted, 8), "0"), () -> {
            f.store("i64", "1", attempted, 8);
            // workers 1..threads-1; one that cannot start leaves its share to fewer participants
            f.loop("k", 1, threads, k -> {
                String slot = f.gep("i8", "%team", f.add("i64", Integer.toString(SLOTS),
                        f.mul("i64", f.sub("i64", k, "1"), Integer.toString(SLOT_BYTES))));
                String started = f.load("i64", startedField, 8);
                // a worker's index is the number started before it, so indices stay 1..started without gaps
                f.ifThen("next", f.icmp("eq", "i64", started, f.sub("i64", k, "1")), () -> {
                    f.store("ptr", "%team", slot, 8);
                    f.store("i64", k, f.gep("i64", slot, "1"), 8);
                    String rc = f.call("i32", "pthread_create", "ptr " + f.gep("i64", slot, "2"), "ptr null",
                            "ptr @" + WORKER, "ptr " + slot);
                    f.ifThen("ok", f.icmp("eq", "i32", rc, "0"), () -> f.store("i64", k, startedField, 8));
                });
            });
        });
        String started = f.load("i64", startedField, 8);
        String parts = f.smin("i64", "%parts", f.add("i64", started, "1"));
        String alone = f.icmp("sle", "i64", parts, "1");
        f.ifThen("alone", alone, () -> f.loop("i", "0", "%n", dev.glint.codegen.irgen.LoopHints.KEEP,
                i -> f.line("call void %task(ptr %captured, i64 " + i + ", i64 0)")));
        f.ifThen("together", f.assign("together", "xor i1 " + alone + ", true"), () -> {
            f.store("ptr", "%task", field(f, "%team", TASK), 8);
            f.store("ptr", "%captured", field(f, "%team", CAPTURED), 8);
            f.store("i64", "%n", field(f, "%team", COUNT), 8);
            f.store("i64", parts, field(f, "%team", PARTS), 8);
            f.store("i64", "0", field(f, "%team", DONE), 8);
            f.store("i64", "0", field(f, "%team", NEXT), 8);
            publish(f, "%team");
            runClaimed(f, "%task", "%captured", "%n", "0", field(f, "%team", NEXT));
            awaitWorkers(f, target, "%team", started);
        });
        f.retVoid();
    }

    /** Publishes the fields stored before it as a new generation (only the calling thread writes it). */
    private static void publish(FunctionWriter f, String team) {
        String generation = field(f, team, GENERATION);
        String next = f.add("i64", f.load("i64", generation, 8), "1");
        f.line("store atomic i64 " + next + ", ptr " + generation + " release, align 8");
    }

    private static void awaitWorkers(FunctionWriter f, TargetSpec target, String team, String started) {
        String done = field(f, team, DONE);
        waitUntil(f, target, () -> {
            String count = f.assign("done", "load atomic i64, ptr " + done + " acquire, align 8");
            return f.icmp("eq", "i64", count, started);
        });
    }

    private static void defineFinish(IrModule module) {
        FunctionWriter f = module.function("internal", "void", FINISH, List.of(new Param("ptr", "team", "")),
                "nounwind noinline");
        String started = f.load("i64", field(f, "%team", STARTED), 8);
        f.ifThen("any", f.icmp("sgt", "i64", started, "0"), () -> {
            f.store("i64", "1", field(f, "%team", STOP), 8);
            publish(f, "%team");
            f.loop("k", "0", started, k -> {
                String slot = f.gep("i8", "%team", f.add("i64", Integer.toString(SLOTS), f.mul("i64", k, Integer.toString(SLOT_BYTES))));
                f.call("i32", "pthread_join", "i64 " + f.load("i64", f.gep("i64", slot, "2"), 8), "ptr null");
            });
        });
        f.retVoid();
    }
}

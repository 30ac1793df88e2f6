package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.List;
import java.util.function.Function;

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
 * {@code 1..} the workers, always below the loop's participants), for per-thread scratch.
 *
 * <p>Waiting: a thread polls with the CPU's pause hint (yielding the processor now and then), and after
 * {@value #SPINS_BEFORE_SLEEP} polls sleeps in the kernel ({@code futex} on Linux, else it keeps yielding).
 * A sleeper first counts itself in the word's sleeper count and checks the word once more; whoever
 * changes the word then reads that count and wakes the sleepers (both sides sequentially consistent, so
 * one of them sees the other). Spinning alone kept 8 concurrent callers of a 2-thread MobileNetV2, 16
 * threads on 2 cores, at a quarter of the 1-thread network's throughput; sleeping after ~2,000 polls
 * brings them to nine tenths of it, with no loss for a single caller.
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
    /** Whether the caller sleeps until {@code done} changes. */
    private static final int DONE_SLEEPERS = 72;
    private static final int NEXT = 128;
    /** Workers asleep until {@code generation} changes. */
    private static final int GENERATION_SLEEPERS = 192;
    /** Worker k's slot: {@code {ptr team, i64 index, i64 pthread id, i64 unused}}. */
    private static final int SLOTS = 256;
    private static final int SLOT_BYTES = 32;
    /** Pause-hinted polls before a waiting thread sleeps (tens of microseconds: longer spins cost oversubscribed callers). */
    private static final int SPINS_BEFORE_SLEEP = 1 << 11;
    /** Polls between two yields of the processor while spinning (an oversubscribed machine then still progresses). */
    private static final int POLLS_PER_YIELD = 1 << 8;
    private static final int FUTEX_WAIT_PRIVATE = 128;
    private static final int FUTEX_WAKE_PRIVATE = 129;

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
            String c = cLong(target);
            module.declareExternal("pthread_join", "declare i32 @pthread_join(" + c + ", ptr) nounwind");
            module.declareExternal("sched_yield", "declare i32 @sched_yield() nounwind");
            if (futexNumber(target) != null) {
                module.declareExternal("syscall", "declare " + c + " @syscall(" + c + ", ...) nounwind");
            }
            defineWorker(module, target);
            defineRun(module, target, threads);
            defineFinish(module, target);
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

    /**
     * Waits until {@code ready(value)} holds for the i64 at {@code word}, sleeping (see the class
     * comment) with {@code sleepers} counting it; returns the value that satisfied it.
     */
    private static String waitUntil(FunctionWriter f, TargetSpec target, String word, String sleepers,
            Function<String, String> ready) {
        String polls = f.variable("i64", "polls", "0");
        String value = f.fresh("seen");
        f.doWhile("wait", () -> {
            f.line(value + " = load atomic i64, ptr " + word + " acquire, align 8");
            String waiting = f.assign("waiting", "xor i1 " + ready.apply(value) + ", true");
            f.ifThen("idle", waiting, () -> {
                String p = f.load("i64", polls);
                f.store("i64", f.add("i64", p, "1"), polls);
                String spin = f.icmp("slt", "i64", p, Integer.toString(SPINS_BEFORE_SLEEP));
                f.ifThen("spin", spin, () -> {
                    pauseHint(f, target);
                    String turn = f.assign("turn", "and i64 " + p + ", " + (POLLS_PER_YIELD - 1));
                    f.ifThen("turn", f.icmp("eq", "i64", turn, Integer.toString(POLLS_PER_YIELD - 1)),
                            () -> f.call("i32", "sched_yield"));
                });
                f.ifThen("sleep", f.assign("tired", "xor i1 " + spin + ", true"), () -> sleep(f, target, word, sleepers, ready));
            });
            return waiting;
        });
        return value;
    }

    /** Counts itself in {@code sleepers}, checks {@code word} again and sleeps while it has that value. */
    private static void sleep(FunctionWriter f, TargetSpec target, String word, String sleepers,
            Function<String, String> ready) {
        String number = futexNumber(target);
        if (number == null) {
            f.call("i32", "sched_yield");
            return;
        }
        f.line("atomicrmw add ptr " + sleepers + ", i64 1 seq_cst, align 8");
        String again = f.assign("again", "load atomic i64, ptr " + word + " seq_cst, align 8");
        f.ifThen("still", f.assign("still", "xor i1 " + ready.apply(again) + ", true"), () -> {
            // the kernel sleeps only while the word's low 32 bits still equal the value seen
            String c = cLong(target);
            String low = f.convert("trunc", "i64", again, "i32");
            String expected = c.equals("i64") ? f.convert("zext", "i32", low, "i64") : low;
            f.line("call " + c + " (" + c + ", ...) @syscall(" + c + " " + number + ", ptr " + word + ", " + c + " "
                    + FUTEX_WAIT_PRIVATE + ", " + c + " " + expected + ", ptr null)");
        });
        f.line("atomicrmw sub ptr " + sleepers + ", i64 1 seq_cst, align 8");
    }

    /** After {@code word} changed (sequentially consistent): wakes the threads asleep on it, if any. */
    private static void wake(FunctionWriter f, TargetSpec target, String word, String sleepers) {
        String number = futexNumber(target);
        if (number == null) {
            return;
        }
        String count = f.assign("sleepers", "load atomic i64, ptr " + sleepers + " seq_cst, align 8");
        f.ifThen("wake", f.icmp("ne", "i64", count, "0"), () -> {
            String c = cLong(target);
            f.line("call " + c + " (" + c + ", ...) @syscall(" + c + " " + number + ", ptr " + word + ", " + c + " "
                    + FUTEX_WAKE_PRIVATE + ", " + c + " 2147483647, ptr null)");
        });
    }

    /**
     * The futex system call's number on Linux targets whose number is known (from the kernel's syscall
     * tables); null elsewhere, where waiting threads only yield.
     */
    private static String futexNumber(TargetSpec target) {
        String triple = target.triple();
        if (!triple.contains("linux")) {
            return null;
        }
        if (target.isX86()) {
            return "202";
        }
        if (target.isAArch64() || triple.startsWith("riscv64")) {
            return "98";
        }
        return is32Bit(target) ? "240" : null;
    }

    /** The IR type of C's {@code long} (and of {@code pthread_t}) on Linux: 32 bits on 32-bit ARM and x86. */
    private static String cLong(TargetSpec target) {
        return is32Bit(target) ? "i32" : "i64";
    }

    private static boolean is32Bit(TargetSpec target) {
        String triple = target.triple();
        return triple.startsWith("arm") && !triple.startsWith("arm64") || triple.startsWith("thumb")
                || triple.matches("i[3-6]86.*");
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
            String generation = waitUntil(w, target, generationField, field(w, team, GENERATION_SLEEPERS),
                    g -> w.icmp("ne", "i64", g, last));
            w.store("i64", generation, seen);
            String stop = w.icmp("ne", "i64", w.load("i64", field(w, team, STOP), 8), "0");
            String working = w.assign("working", "xor i1 " + stop + ", true");
            w.ifThen("job", working, () -> {
                String parts = w.load("i64", field(w, team, PARTS), 8);
                w.ifThen("share", w.icmp("ult", "i64", index, parts), () -> runClaimed(w,
                        w.load("ptr", field(w, team, TASK), 8), w.load("ptr", field(w, team, CAPTURED), 8),
                        w.load("i64", field(w, team, COUNT), 8), index, field(w, team, NEXT)));
                w.line("atomicrmw add ptr " + field(w, team, DONE) + ", i64 1 seq_cst, align 8");
                wake(w, target, field(w, team, DONE), field(w, team, DONE_SLEEPERS));
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
            publish(f, target, "%team");
            runClaimed(f, "%task", "%captured", "%n", "0", field(f, "%team", NEXT));
            awaitWorkers(f, target, "%team", started);
        });
        f.retVoid();
    }

    /** Publishes the fields stored before it as a new generation (only the calling thread writes it) and wakes sleeping workers. */
    private static void publish(FunctionWriter f, TargetSpec target, String team) {
        String generation = field(f, team, GENERATION);
        String next = f.add("i64", f.load("i64", generation, 8), "1");
        f.line("store atomic i64 " + next + ", ptr " + generation + " seq_cst, align 8");
        wake(f, target, generation, field(f, team, GENERATION_SLEEPERS));
    }

    private static void awaitWorkers(FunctionWriter f, TargetSpec target, String team, String started) {
        waitUntil(f, target, field(f, team, DONE), field(f, team, DONE_SLEEPERS), done -> f.icmp("eq", "i64", done, started));
    }

    private static void defineFinish(IrModule module, TargetSpec target) {
        FunctionWriter f = module.function("internal", "void", FINISH, List.of(new Param("ptr", "team", "")),
                "nounwind noinline");
        String started = f.load("i64", field(f, "%team", STARTED), 8);
        f.ifThen("any", f.icmp("sgt", "i64", started, "0"), () -> {
            f.store("i64", "1", field(f, "%team", STOP), 8);
            publish(f, target, "%team");
            f.loop("k", "0", started, k -> {
                String slot = f.gep("i8", "%team", f.add("i64", Integer.toString(SLOTS), f.mul("i64", k, Integer.toString(SLOT_BYTES))));
                String c = cLong(target);
                f.call("i32", "pthread_join", c + " " + f.load(c, f.gep("i64", slot, "2"), 8), "ptr null");
            });
        });
        f.retVoid();
    }
}

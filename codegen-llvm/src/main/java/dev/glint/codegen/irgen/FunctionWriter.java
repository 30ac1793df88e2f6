package dev.glint.codegen.irgen;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Writes one LLVM IR function as text. Values are SSA names returned as strings ({@code %x.3}) and
 * constants are plain strings ({@code 42}, {@code 0x3FF0000000000000}); every helper returns the name of
 * the value it defines. Loops are structured ({@link #loop}) with their counters in stack slots, which
 * keeps emitters free of phi bookkeeping: {@code mem2reg}/SROA turn the slots back into SSA form before
 * the vectorizer runs.
 *
 * <p>Integer index arithmetic is 64-bit and marked {@code nsw} (indices never overflow: shapes are
 * checked to fit in an int). No floating-point instruction gets a fast-math flag unless its caller passes
 * one, so integer-exact code (the int8 kernels) stays exact by default.
 */
public final class FunctionWriter {
    private final IrModule module;
    private final String name;
    private final String header;
    private final StringBuilder allocas = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final Map<String, Integer> names = new HashMap<>();
    private boolean blockOpen = true;

    FunctionWriter(IrModule module, String linkage, String returnType, String name, List<IrModule.Param> params,
            String attributes) {
        this.module = module;
        this.name = name;
        String args = params.stream()
                .map(p -> p.type() + (p.attributes().isEmpty() ? "" : " " + p.attributes()) + " %" + p.name())
                .collect(Collectors.joining(", "));
        this.header = "define " + (linkage.isEmpty() ? "" : linkage + " ") + returnType + " @" + name + "(" + args
                + ") " + attributes + " {";
        for (IrModule.Param p : params) {
            names.put(p.name(), 1);
        }
    }

    public IrModule module() {
        return module;
    }

    /** The function's name (without {@code @}). */
    public String name() {
        return name;
    }

    String text() {
        if (blockOpen) {
            throw new IllegalStateException("function " + header + " has an unterminated block");
        }
        return header + "\nentry:\n" + allocas + "  br label %start\nstart:\n" + body + "}\n";
    }

    // ---- names, blocks, raw lines ----

    /** A fresh SSA name derived from {@code hint}. */
    public String fresh(String hint) {
        return "%" + unique(hint);
    }

    private String unique(String hint) {
        String h = hint.replaceAll("[^A-Za-z0-9_.]", "_");
        if (h.isEmpty() || Character.isDigit(h.charAt(0))) {
            h = "v" + h;
        }
        int n = names.merge(h, 1, Integer::sum);
        return n == 1 ? h : h + "." + (n - 1);
    }

    /** Emits one instruction line verbatim. */
    public void line(String instruction) {
        if (!blockOpen) {
            throw new IllegalStateException("instruction after a terminator: " + instruction);
        }
        body.append("  ").append(instruction).append('\n');
    }

    /** Defines a value: {@code %name = rhs}. */
    public String assign(String hint, String rhs) {
        String v = fresh(hint);
        line(v + " = " + rhs);
        return v;
    }

    private String newLabel(String hint) {
        return unique(hint);
    }

    private void startBlock(String label) {
        if (blockOpen) {
            line("br label %" + label);
        }
        body.append(label).append(":\n");
        blockOpen = true;
    }

    private void terminate(String instruction) {
        line(instruction);
        blockOpen = false;
    }

    public void retVoid() {
        terminate("ret void");
    }

    public void ret(String type, String value) {
        terminate("ret " + type + " " + value);
    }

    // ---- memory ----

    /** A stack slot, placed in the entry block so that mem2reg promotes it. */
    public String alloca(String type, String hint) {
        String v = fresh(hint);
        allocas.append("  ").append(v).append(" = alloca ").append(type).append(", align 64\n");
        return v;
    }

    /** A stack slot holding {@code initial}. */
    public String variable(String type, String hint, String initial) {
        String slot = alloca(type, hint);
        store(type, initial, slot);
        return slot;
    }

    public String load(String type, String ptr) {
        return assign("ld", "load " + type + ", ptr " + ptr);
    }

    /** A load with an alignment promise (vector loads from packed constant data). */
    public String load(String type, String ptr, int align) {
        return assign("ld", "load " + type + ", ptr " + ptr + ", align " + align);
    }

    public void store(String type, String value, String ptr) {
        line("store " + type + " " + value + ", ptr " + ptr);
    }

    public void store(String type, String value, String ptr, int align) {
        line("store " + type + " " + value + ", ptr " + ptr + ", align " + align);
    }

    /** Address of element {@code index} (an i64 value or constant) of type {@code elemType} from {@code base}. */
    public String gep(String elemType, String base, String index) {
        return assign("p", "getelementptr inbounds " + elemType + ", ptr " + base + ", i64 " + index);
    }

    /** {@code base + byteOffset}. */
    public String byteOffset(String base, long offset) {
        return offset == 0 ? base : gep("i8", base, Long.toString(offset));
    }

    /** Copies {@code bytes} bytes (buffers never overlap). */
    public void memcpy(String dst, String src, long bytes) {
        if (bytes > 0) {
            call("void", "llvm.memcpy.p0.p0.i64", "ptr " + dst, "ptr " + src, "i64 " + bytes, "i1 false");
        }
    }

    // ---- integer arithmetic (i64 index math is nsw) ----

    public String add(String type, String a, String b) {
        return assign("add", "add nsw " + type + " " + a + ", " + b);
    }

    /** Wrapping addition (two's complement), as int32 accumulation is specified. */
    public String addWrap(String type, String a, String b) {
        return assign("add", "add " + type + " " + a + ", " + b);
    }

    public String sub(String type, String a, String b) {
        return assign("sub", "sub nsw " + type + " " + a + ", " + b);
    }

    public String mul(String type, String a, String b) {
        return assign("mul", "mul nsw " + type + " " + a + ", " + b);
    }

    /** Wrapping multiplication. */
    public String mulWrap(String type, String a, String b) {
        return assign("mul", "mul " + type + " " + a + ", " + b);
    }

    /** {@code a + b * c} on i64 indices (the shape of every address computation). */
    public String madd(String a, String b, long c) {
        if (c == 0) {
            return a;
        }
        String prod = c == 1 ? b : mul("i64", b, Long.toString(c));
        return a.equals("0") ? prod : add("i64", a, prod);
    }

    public String icmp(String pred, String type, String a, String b) {
        return assign("c", "icmp " + pred + " " + type + " " + a + ", " + b);
    }

    public String select(String cond, String type, String a, String b) {
        String condType = Ir.lanesOf(type) == 0 ? "i1" : Ir.vec(Ir.lanesOf(type), "i1");
        return assign("sel", "select " + condType + " " + cond + ", " + type + " " + a + ", " + type + " " + b);
    }

    /** Signed maximum / minimum of integers. */
    public String smax(String type, String a, String b) {
        return call(type, "llvm.smax." + Ir.intrinsicSuffix(type), type + " " + a, type + " " + b);
    }

    public String smin(String type, String a, String b) {
        return call(type, "llvm.smin." + Ir.intrinsicSuffix(type), type + " " + a, type + " " + b);
    }

    // ---- floating point ----

    /** Floating-point binary operation {@code op} (fadd, fsub, fmul, fdiv) with optional fast-math flags. */
    public String fop(String op, String flags, String type, String a, String b) {
        return assign(op.substring(1), op + (flags.isEmpty() ? "" : " " + flags) + " " + type + " " + a + ", " + b);
    }

    public String fadd(String type, String a, String b) {
        return fop("fadd", "", type, a, b);
    }

    public String fsub(String type, String a, String b) {
        return fop("fsub", "", type, a, b);
    }

    public String fmul(String type, String a, String b) {
        return fop("fmul", "", type, a, b);
    }

    public String fdiv(String type, String a, String b) {
        return fop("fdiv", "", type, a, b);
    }

    public String fneg(String type, String a) {
        return assign("neg", "fneg " + type + " " + a);
    }

    public String fcmp(String pred, String type, String a, String b) {
        return assign("fc", "fcmp " + pred + " " + type + " " + a + ", " + b);
    }

    /** Calls a unary floating-point intrinsic such as {@code exp} (gives {@code llvm.exp.f32}). */
    public String fIntrinsic(String name, String type, String... args) {
        String[] typed = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            typed[i] = type + " " + args[i];
        }
        return call(type, "llvm." + name + "." + Ir.intrinsicSuffix(type), typed);
    }

    // ---- conversions ----

    /** A conversion instruction such as {@code sext}, {@code sitofp}, {@code fptosi}, {@code bitcast}. */
    public String convert(String op, String fromType, String value, String toType) {
        if (fromType.equals(toType) && (op.equals("bitcast") || op.equals("sext") || op.equals("zext"))) {
            return value;
        }
        return assign(op, op + " " + fromType + " " + value + " to " + toType);
    }

    // ---- vectors ----

    public String insertElement(String vecType, String vec, String value, int lane) {
        return assign("ins", "insertelement " + vecType + " " + vec + ", " + Ir.elementOf(vecType) + " " + value
                + ", i64 " + lane);
    }

    /** Every lane of a {@code vecType} set to the scalar {@code value}. */
    public String broadcast(String vecType, String value) {
        String one = insertElement(vecType, "poison", value, 0);
        return assign("splat", "shufflevector " + vecType + " " + one + ", " + vecType + " poison, "
                + Ir.vec(Ir.lanesOf(vecType), "i32") + " zeroinitializer");
    }

    // ---- calls ----

    /**
     * Calls {@code function} (without {@code @}) with typed arguments such as {@code "float %x"}. LLVM
     * intrinsics are declared automatically from the call's types. Returns the result's name, or null for
     * {@code void}.
     */
    public String call(String returnType, String function, String... typedArgs) {
        String args = String.join(", ", typedArgs);
        if (function.startsWith("llvm.")) {
            StringBuilder types = new StringBuilder();
            for (int i = 0; i < typedArgs.length; i++) {
                types.append(i == 0 ? "" : ", ").append(typeOf(typedArgs[i]));
            }
            module.declare(function, "declare " + returnType + " @" + function + "(" + types + ")");
        }
        String call = "call " + returnType + " @" + function + "(" + args + ")";
        if (returnType.equals("void")) {
            line(call);
            return null;
        }
        return assign("call", call);
    }

    /** The type part of a typed operand such as {@code "<16 x i32> %v"} or {@code "float 1.0"}. */
    private static String typeOf(String typedArg) {
        return typedArg.startsWith("<") ? typedArg.substring(0, typedArg.indexOf('>') + 1)
                : typedArg.substring(0, typedArg.indexOf(' '));
    }

    // ---- structured control flow ----

    /** {@code if (cond) then()}, {@code cond} an {@code i1}. */
    public void ifThen(String name, String cond, Runnable then) {
        String thenLabel = newLabel(name + ".then");
        String done = newLabel(name + ".done");
        terminate("br i1 " + cond + ", label %" + thenLabel + ", label %" + done);
        startBlock(thenLabel);
        then.run();
        startBlock(done);
    }

    /**
     * {@code do { ... } while (again)}: {@code bodyAndTest} writes one pass of the body and returns the
     * {@code i1} that repeats it (for waiting loops whose exit is a condition, not a count).
     */
    public void doWhile(String name, Supplier<String> bodyAndTest) {
        String head = newLabel(name + ".head");
        String exit = newLabel(name + ".exit");
        startBlock(head);
        String again = bodyAndTest.get();
        terminate("br i1 " + again + ", label %" + head + ", label %" + exit);
        startBlock(exit);
    }

    /** {@code for (name = from; name < to; name++) body(name)} with constant bounds; nothing if empty. */
    public void loop(String name, long from, long to, Consumer<String> loopBody) {
        if (from >= to) {
            return;
        }
        if (to - from == 1) {
            loopBody.accept(Long.toString(from)); // a single iteration needs no loop
            return;
        }
        loop(name, Long.toString(from), Long.toString(to), loopBody);
    }

    /** {@code for (name = from; name < to; name++) body(name)} with i64 values as bounds. */
    public void loop(String name, String from, String to, Consumer<String> loopBody) {
        loop(name, from, to, LoopHints.NONE, loopBody);
    }

    /** A loop with constant bounds and optimizer hints. */
    public void loop(String name, long from, long to, LoopHints hints, Consumer<String> loopBody) {
        if (from >= to) {
            return;
        }
        if (to - from == 1) {
            loopBody.accept(Long.toString(from));
            return;
        }
        loop(name, Long.toString(from), Long.toString(to), hints, loopBody);
    }

    /** A loop with i64 bounds and optimizer hints (attached to its back edge as {@code !llvm.loop}). */
    public void loop(String name, String from, String to, LoopHints hints, Consumer<String> loopBody) {
        String counter = alloca("i64", name + ".slot");
        store("i64", from, counter);
        String head = newLabel(name + ".head");
        String bodyLabel = newLabel(name + ".body");
        String exit = newLabel(name + ".exit");
        startBlock(head);
        String i = assign(name, "load i64, ptr " + counter);
        String cond = icmp("slt", "i64", i, to);
        terminate("br i1 " + cond + ", label %" + bodyLabel + ", label %" + exit);
        startBlock(bodyLabel);
        loopBody.accept(i);
        String next = assign(name + ".next", "add nuw nsw i64 " + i + ", 1");
        store("i64", next, counter);
        List<String> properties = hints.properties();
        terminate("br label %" + head + (properties.isEmpty() ? "" : ", !llvm.loop " + module.loopMetadata(properties)));
        startBlock(exit);
    }
}

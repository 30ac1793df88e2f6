package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.memory.ConstantImage;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.AddNode;
import dev.glint.ir.ops.ClipNode;
import dev.glint.ir.ops.DivNode;
import dev.glint.ir.ops.ElementwiseBinaryNode;
import dev.glint.ir.ops.ElementwiseUnaryNode;
import dev.glint.ir.ops.ExpNode;
import dev.glint.ir.ops.LeakyReluNode;
import dev.glint.ir.ops.MaxNode;
import dev.glint.ir.ops.MinNode;
import dev.glint.ir.ops.MulNode;
import dev.glint.ir.ops.PReluNode;
import dev.glint.ir.ops.ReluNode;
import dev.glint.ir.ops.SigmoidNode;
import dev.glint.ir.ops.SubNode;
import dev.glint.ir.ops.TanhNode;
import dev.glint.ir.quant.NumericContract;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Elementwise operations. Float: the unary functions (through LLVM's math intrinsics, which keep NaN
 * and signed zero as Java does: {@code llvm.maximum}/{@code llvm.minimum} are Java's {@code Math.max}/
 * {@code min}) and the broadcasting binary operations. Int8: Add, Mul, Max and Min by the rules of
 * {@link QuantizedElementwise}, and every unary function through the 256-entry table the interpreter
 * builds, computed here at compile time and placed in the constant region.
 */
public final class ElementwiseEmitter implements KernelEmitter {
    /** Elements a thread must get for an elementwise operator to be split. */
    private static final long MIN_ELEMENTS_PER_THREAD = 1 << 15;

    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (node instanceof ElementwiseUnaryNode u) {
            if (u.input(0).type().isQuantized()) {
                return new LookupTableKernel(u);
            }
            requireFloat(node);
            return new FloatUnaryKernel(u);
        }
        if (node instanceof ElementwiseBinaryNode b) {
            if (b.input(0).type().isQuantized()) {
                return new QuantizedBinaryKernel(b, quantizedOp(b), new Requantizer(target.spec()));
            }
            requireFloat(node);
            return new FloatBinaryKernel(b);
        }
        return null;
    }

    static void requireFloat(Node node) {
        for (Node in : node.inputs()) {
            if (in.type().kind() != ElemKind.FLOAT32 && !in.type().isQuantized()) {
                throw KernelSelector.unsupported(node, "input kind " + in.type().kind().mnemonic());
            }
        }
        if (node.type().kind() != ElemKind.FLOAT32) {
            throw KernelSelector.unsupported(node, "output " + node.type());
        }
    }

    /** The kernel's {@code inputs} input pointers, then its output pointer, as {@code "ptr %x"}. */
    private static List<String> inOut(KernelContext ctx, int inputs) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            p.add("ptr " + ctx.input(i));
        }
        p.add("ptr " + ctx.output());
        return p;
    }

    private static QuantizedElementwise.BinaryOp quantizedOp(Node node) {
        if (node instanceof AddNode) {
            return QuantizedElementwise.BinaryOp.ADD;
        }
        if (node instanceof MulNode) {
            return QuantizedElementwise.BinaryOp.MUL;
        }
        if (node instanceof MaxNode) {
            return QuantizedElementwise.BinaryOp.MAX;
        }
        if (node instanceof MinNode) {
            return QuantizedElementwise.BinaryOp.MIN;
        }
        throw KernelSelector.unsupported(node, "no int8 implementation");
    }

    /** {@code y[i] = f(x[i])} in float. */
    private static final class FloatUnaryKernel implements ElementwiseKernel {
        private final ElementwiseUnaryNode node;

        FloatUnaryKernel(ElementwiseUnaryNode node) {
            this.node = node;
            apply(null, "");
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public String description() {
            return "float " + node.op();
        }

        @Override
        public void emit(KernelContext ctx) {
            Loops.parallel(ctx, "i", new int[] {node.type().numElements()}, new long[][] {{1}}, inOut(ctx, 1),
                    MIN_ELEMENTS_PER_THREAD, (f, o, p) -> {
                String x = Elements.loadFloat(f, p.get(0), o[0]);
                Elements.storeFloat(f, apply(f, x), p.get(1), o[0]);
            });
            ctx.f().retVoid();
        }

        /** The scalar function; with a null writer it only checks that the op is known. */
        private String apply(FunctionWriter f, String x) {
            String zero = Ir.f32(0f);
            if (node instanceof ReluNode) {
                return f == null ? "" : f.select(f.fcmp("olt", "float", x, zero), "float", zero, x);
            }
            if (node instanceof LeakyReluNode l) {
                return f == null ? "" : f.select(f.fcmp("olt", "float", x, zero), "float",
                        f.fmul("float", x, Ir.f32(l.alpha())), x);
            }
            if (node instanceof ClipNode c) {
                return f == null ? "" : f.fIntrinsic("minimum", "float",
                        f.fIntrinsic("maximum", "float", x, Ir.f32(c.min())), Ir.f32(c.max()));
            }
            if (node instanceof SigmoidNode) {
                if (f == null) {
                    return "";
                }
                String e = f.fIntrinsic("exp", "float", f.fneg("float", x));
                return f.fdiv("float", Ir.f32(1f), f.fadd("float", Ir.f32(1f), e));
            }
            if (node instanceof TanhNode) {
                return f == null ? "" : f.fIntrinsic("tanh", "float", x);
            }
            if (node instanceof ExpNode) {
                return f == null ? "" : f.fIntrinsic("exp", "float", x);
            }
            throw KernelSelector.unsupported(node, "");
        }
    }

    /** {@code y = a op b} in float with numpy broadcasting. */
    private static final class FloatBinaryKernel implements ElementwiseKernel {
        private final ElementwiseBinaryNode node;

        FloatBinaryKernel(ElementwiseBinaryNode node) {
            this.node = node;
            if (!(node instanceof AddNode || node instanceof SubNode || node instanceof MulNode
                    || node instanceof DivNode || node instanceof MaxNode || node instanceof MinNode
                    || node instanceof PReluNode)) {
                throw KernelSelector.unsupported(node, "");
            }
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public String description() {
            return "float " + node.op() + (broadcasts(node) ? " (broadcast)" : "");
        }

        @Override
        public void emit(KernelContext ctx) {
            int[] out = node.type().shape();
            long[][] strides = {Loops.broadcastStrides(node.input(0).type().shape(), out),
                Loops.broadcastStrides(node.input(1).type().shape(), out), Loops.strides(out)};
            Loops.parallel(ctx, "i", out, strides, inOut(ctx, 2), MIN_ELEMENTS_PER_THREAD, (f, o, p) -> {
                String a = Elements.loadFloat(f, p.get(0), o[0]);
                String b = Elements.loadFloat(f, p.get(1), o[1]);
                Elements.storeFloat(f, apply(f, a, b), p.get(2), o[2]);
            });
            ctx.f().retVoid();
        }

        private String apply(FunctionWriter f, String a, String b) {
            if (node instanceof AddNode) {
                return f.fadd("float", a, b);
            }
            if (node instanceof SubNode) {
                return f.fsub("float", a, b);
            }
            if (node instanceof MulNode) {
                return f.fmul("float", a, b);
            }
            if (node instanceof DivNode) {
                return f.fdiv("float", a, b);
            }
            if (node instanceof MaxNode) {
                return f.fIntrinsic("maximum", "float", a, b);
            }
            if (node instanceof MinNode) {
                return f.fIntrinsic("minimum", "float", a, b);
            }
            // PRelu: a < 0 ? a * slope : a
            return f.select(f.fcmp("olt", "float", a, Ir.f32(0f)), "float", f.fmul("float", a, b), a);
        }
    }

    /** Whether some input's shape differs from the output's (for kernel descriptions). */
    static boolean broadcasts(Node node) {
        for (Node in : node.inputs()) {
            if (!java.util.Arrays.equals(in.type().shape(), node.type().shape())) {
                return true;
            }
        }
        return false;
    }

    /** Int8 Add/Mul/Max/Min per {@link QuantizedElementwise}. */
    private static final class QuantizedBinaryKernel implements ElementwiseKernel {
        private final ElementwiseBinaryNode node;
        private final QuantizedElementwise.BinaryOp op;
        private final Requantizer rq;
        private final QuantRange a;
        private final QuantRange b;
        private final QuantRange y;

        QuantizedBinaryKernel(ElementwiseBinaryNode node, QuantizedElementwise.BinaryOp op, Requantizer rq) {
            this.node = node;
            this.op = op;
            this.rq = rq;
            String what = node.op() + " node '" + node.name() + "'";
            this.a = QuantRange.of(node.input(0).type(), what);
            this.b = QuantRange.of(node.input(1).type(), what);
            this.y = QuantRange.of(node.type(), what);
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public String description() {
            return "int8 " + node.op() + (broadcasts(node) ? " (broadcast)" : "");
        }

        @Override
        public void emit(KernelContext ctx) {
            int[] out = node.type().shape();
            TensorType ta = node.input(0).type();
            TensorType tb = node.input(1).type();
            long[][] strides = {Loops.broadcastStrides(ta.shape(), out), Loops.broadcastStrides(tb.shape(), out),
                Loops.strides(out)};
            Loops.parallel(ctx, "i", out, strides, inOut(ctx, 2), MIN_ELEMENTS_PER_THREAD, (f, o, p) -> {
                String qa = Elements.loadInt(f, ta.kind(), p.get(0), o[0]);
                String qb = Elements.loadInt(f, tb.kind(), p.get(1), o[1]);
                Elements.storeInt(f, node.type().kind(), combine(f, qa, qb), p.get(2), o[2]);
            });
            ctx.f().retVoid();
        }

        private String combine(FunctionWriter f, String qa, String qb) {
            switch (op) {
                case ADD -> {
                    String pa = scaled(f, qa, a.offset(), NumericContract.multiplier(a.scale(), y.scale()));
                    String pb = scaled(f, qb, b.offset(), NumericContract.multiplier(b.scale(), y.scale()));
                    return rq.roundClampOffset(f, "float", f.fadd("float", pa, pb), y.offset(), y.qmin(), y.qmax());
                }
                case MUL -> {
                    // exact product: int32 suffices for 8-bit operands, 16-bit ones need int64
                    String type = Accumulation.type((double) Accumulation.distance(node.input(0).type())
                            * Accumulation.distance(node.input(1).type()));
                    String prod = Accumulation.product(f, type, centered(f, qa, a.offset()), centered(f, qb, b.offset()));
                    float m = NumericContract.multiplier(a.scale(), b.scale(), y.scale());
                    return rq.requantize(f, type, prod, Ir.f32(m), y.offset(), y.qmin(), y.qmax());
                }
                default -> {
                    String ra = rescaled(f, qa, a, node.input(0).type().kind());
                    String rb = rescaled(f, qb, b, node.input(1).type().kind());
                    return op == QuantizedElementwise.BinaryOp.MAX ? f.smax("i32", ra, rb) : f.smin("i32", ra, rb);
                }
            }
        }

        /** {@code (float)(q - offset) * m}. */
        private static String scaled(FunctionWriter f, String q, int offset, float m) {
            return f.fmul("float", f.convert("sitofp", "i32", centered(f, q, offset), "float"), Ir.f32(m));
        }

        private static String centered(FunctionWriter f, String q, int offset) {
            return offset == 0 ? q : f.addWrap("i32", q, Integer.toString(-offset));
        }

        /** The Rescale rule to the output's parameters; the identity when they already agree. */
        private String rescaled(FunctionWriter f, String q, QuantRange from, ElemKind fromKind) {
            if (from.equals(y) && fromKind == node.type().kind()) {
                return q;
            }
            return rescale(f, rq, q, from, y);
        }
    }

    /** {@code to.fromScaled((float)(q - from.offset) * (from.scale / to.scale))} (the Rescale rule). */
    static String rescale(FunctionWriter f, Requantizer rq, String q, QuantRange from, QuantRange to) {
        float m = NumericContract.multiplier(from.scale(), to.scale());
        String centered = from.offset() == 0 ? q : f.addWrap("i32", q, Integer.toString(-from.offset()));
        return rq.requantize(f, "i32", centered, Ir.f32(m), to.offset(), to.qmin(), to.qmax());
    }

    /** Int8 unary functions through the interpreter's lookup table. */
    private static final class LookupTableKernel implements ElementwiseKernel {
        private final ElementwiseUnaryNode node;
        private final byte[] table;
        private final int inMin;

        LookupTableKernel(ElementwiseUnaryNode node) {
            this.node = node;
            String what = node.op() + " node '" + node.name() + "'";
            TensorType in = node.input(0).type();
            int[] entries = QuantizedElementwise.lookupTable(in, node.type(), node::apply, what);
            TensorType tableType = new TensorType(node.type().kind(), new int[] {entries.length}, null);
            this.table = ConstantImage.encode(Tensor.ofInts(tableType, entries));
            this.inMin = (int) in.kind().min();
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public String description() {
            return "int8 " + node.op() + " (lookup table)";
        }

        @Override
        public Map<String, byte[]> constantBlobs() {
            return Map.of("table", table);
        }

        @Override
        public void emit(KernelContext ctx) {
            ElemKind inKind = node.input(0).type().kind();
            String outType = Ir.type(node.type().kind());
            List<String> pointers = new ArrayList<>(inOut(ctx, 1));
            pointers.add("ptr " + ctx.blob("table"));
            Loops.parallel(ctx, "i", new int[] {node.type().numElements()}, new long[][] {{1}}, pointers,
                    MIN_ELEMENTS_PER_THREAD, (f, o, p) -> {
                String q = Elements.loadInt(f, inKind, p.get(0), o[0]);
                String index = f.convert("zext", "i32", f.addWrap("i32", q, Integer.toString(-inMin)), "i64");
                String v = f.load(outType, f.gep(outType, p.get(2), index));
                f.store(outType, v, f.gep(outType, p.get(1), o[0]));
            });
            ctx.f().retVoid();
        }
    }
}

package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.GemmNode;
import dev.glint.ir.ops.MatMulNode;
import dev.glint.ir.ops.Shapes;
import dev.glint.ir.quant.NumericContract;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.util.Arrays;

/**
 * Matrix products. Gemm and MatMul in float run {@code i, p, j} loops that add a row of B scaled by one
 * element of A into a row of the output (no reduction in the inner loop, so it vectorizes without
 * reassociation); FullyConnected's weights are {@code [N, K]}, so its inner loop is a dot product over K
 * whose float additions may be reassociated. Int8 FullyConnected and MatMul accumulate exactly in int32 and
 * requantize per output channel or column; int8 FullyConnected uses {@link DotProductKernel} where the
 * target has a dot-product instruction.
 */
public final class GemmEmitter implements KernelEmitter {
    /** Flags of the float reductions: FMA contraction and reordering of the sum. */
    private static final String REDUCE = "reassoc contract";

    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (node instanceof GemmNode g) {
            ElementwiseEmitter.requireFloat(g);
            return new SimpleKernel("float gemm", ctx -> gemm(ctx, g));
        }
        if (node instanceof MatMulNode mm) {
            if (mm.input(0).type().isQuantized()) {
                return new SimpleKernel("int8 matmul (portable)", ctx -> quantizedMatMul(ctx, mm, new Requantizer(target.spec())));
            }
            ElementwiseEmitter.requireFloat(mm);
            return new SimpleKernel("float matmul", ctx -> matmul(ctx, mm));
        }
        if (node instanceof FullyConnectedNode fc) {
            if (fc.input(0).type().isQuantized()) {
                ConvEmitter.checkWeights(fc);
                if (target.useDotProduct(fc.type().dim(1)) && DotProductKernel.supports(fc)) {
                    return DotProductKernel.create(MatrixView.fullyConnected(fc), target.dotProduct(), new Requantizer(target.spec()));
                }
                return new SimpleKernel("int8 fully connected (portable)",
                        ctx -> quantizedFullyConnected(ctx, fc, new Requantizer(target.spec())));
            }
            ElementwiseEmitter.requireFloat(fc);
            if (FloatIndirectGemmKernel.supports(fc) && FloatIndirectGemmKernel.worthwhile(fc.type().dim(1), target.spec())) {
                return new FloatIndirectGemmKernel(MatrixView.fullyConnected(fc), target.spec());
            }
            return new SimpleKernel("float fully connected", ctx -> fullyConnected(ctx, fc));
        }
        return null;
    }

    private static void gemm(KernelContext ctx, GemmNode node) {
        FunctionWriter f = ctx.f();
        int[] as = node.input(0).type().shape();
        int m = node.type().dim(0);
        int n = node.type().dim(1);
        int k = node.transA() ? as[0] : as[1];
        long[] aStride = node.transA() ? new long[] {1, m} : new long[] {k, 1}; // (i, p)
        long[] bStride = node.transB() ? new long[] {1, k} : new long[] {n, 1}; // (p, j)
        f.loop("i", 0, m, i -> {
            String row = f.mul("i64", i, Long.toString(n));
            String y = f.gep("float", ctx.output(), row);
            f.loop("j", 0, n, j -> Elements.storeFloat(f, Ir.f32(0f), y, j));
            f.loop("p", 0, k, p -> {
                String a = Elements.loadFloat(f, ctx.input(0), f.madd(f.madd("0", i, aStride[0]), p, aStride[1]));
                String bRow = f.madd("0", p, bStride[0]);
                f.loop("j", 0, n, j -> {
                    String b = Elements.loadFloat(f, ctx.input(1), f.madd(bRow, j, bStride[1]));
                    String slot = f.gep("float", y, j);
                    String prod = f.fop("fmul", "contract", "float", a, b);
                    f.store("float", f.fop("fadd", "contract", "float", f.load("float", slot), prod), slot);
                });
            });
            boolean hasC = node.numInputs() == 3;
            long[] cStride = hasC ? Loops.broadcastStrides(node.input(2).type().shape(), new int[] {m, n}) : null;
            if (node.alpha() != 1f || hasC) {
                f.loop("j", 0, n, j -> {
                    String slot = f.gep("float", y, j);
                    String v = f.load("float", slot);
                    if (node.alpha() != 1f) {
                        v = f.fmul("float", v, Ir.f32(node.alpha()));
                    }
                    if (hasC) {
                        String c = Elements.loadFloat(f, ctx.input(2), f.madd(f.madd("0", i, cStride[0]), j, cStride[1]));
                        v = f.fadd("float", v, node.beta() == 1f ? c : f.fmul("float", c, Ir.f32(node.beta())));
                    }
                    f.store("float", v, slot);
                });
            }
        });
        f.retVoid();
    }

    /** Operand shapes of a MatMul after numpy's promotion of 1-D operands, and per-batch matrix offsets. */
    private record MatMulShape(int m, int k, int n, long[] aOffsets, long[] bOffsets) {
        static MatMulShape of(MatMulNode node) {
            int[] a = node.input(0).type().shape();
            int[] b = node.input(1).type().shape();
            int[] pa = a.length == 1 ? new int[] {1, a[0]} : a;
            int[] pb = b.length == 1 ? new int[] {b[0], 1} : b;
            int m = pa[pa.length - 2];
            int k = pa[pa.length - 1];
            int n = pb[pb.length - 1];
            int[] aBatch = Arrays.copyOf(pa, pa.length - 2);
            int[] bBatch = Arrays.copyOf(pb, pb.length - 2);
            int[] batch = Shapes.broadcast(aBatch, bBatch, "MatMul node '" + node.name() + "'");
            int count = Shapes.product(batch);
            long[] ao = new long[count];
            long[] bo = new long[count];
            int[][] strides = {Shapes.broadcastStrides(aBatch, batch), Shapes.broadcastStrides(bBatch, batch)};
            Shapes.forEachIndex(batch, strides, (i, offs) -> {
                ao[i] = (long) offs[0] * m * k;
                bo[i] = (long) offs[1] * k * n;
            });
            return new MatMulShape(m, k, n, ao, bo);
        }
    }

    private static void matmul(KernelContext ctx, MatMulNode node) {
        FunctionWriter f = ctx.f();
        MatMulShape s = MatMulShape.of(node);
        String name = Ir.sanitize(node.name());
        String aTable = ctx.module().longTable(name + ".a", s.aOffsets());
        String bTable = ctx.module().longTable(name + ".b", s.bOffsets());
        f.loop("batch", 0, s.aOffsets().length, bi -> {
            String a = f.gep("float", ctx.input(0), f.load("i64", f.gep("i64", aTable, bi)));
            String b = f.gep("float", ctx.input(1), f.load("i64", f.gep("i64", bTable, bi)));
            String out = f.gep("float", ctx.output(), f.mul("i64", bi, Long.toString((long) s.m() * s.n())));
            f.loop("i", 0, s.m(), i -> {
                String y = f.gep("float", out, f.mul("i64", i, Long.toString(s.n())));
                f.loop("j", 0, s.n(), j -> Elements.storeFloat(f, Ir.f32(0f), y, j));
                f.loop("p", 0, s.k(), p -> {
                    String av = Elements.loadFloat(f, a, f.madd(p, i, s.k()));
                    String bRow = f.gep("float", b, f.mul("i64", p, Long.toString(s.n())));
                    f.loop("j", 0, s.n(), j -> {
                        String slot = f.gep("float", y, j);
                        String prod = f.fop("fmul", "contract", "float", av, Elements.loadFloat(f, bRow, j));
                        f.store("float", f.fop("fadd", "contract", "float", f.load("float", slot), prod), slot);
                    });
                });
            });
        });
        f.retVoid();
    }

    private static void fullyConnected(KernelContext ctx, FullyConnectedNode node) {
        FunctionWriter f = ctx.f();
        int rows = node.input(0).type().dim(0);
        int depth = node.input(0).type().dim(1);
        int cout = node.type().dim(1);
        String acc = f.alloca("float", "acc");
        f.loop("i", 0, rows, i -> f.loop("j", 0, cout, j -> {
            f.store("float", node.hasBias() ? Elements.loadFloat(f, ctx.input(2), j) : Ir.f32(0f), acc);
            String x = f.gep("float", ctx.input(0), f.mul("i64", i, Long.toString(depth)));
            String w = f.gep("float", ctx.input(1), f.mul("i64", j, Long.toString(depth)));
            f.loop("k", 0, depth, k -> {
                String prod = f.fop("fmul", REDUCE, "float", Elements.loadFloat(f, x, k), Elements.loadFloat(f, w, k));
                f.store("float", f.fop("fadd", REDUCE, "float", f.load("float", acc), prod), acc);
            });
            Elements.storeFloat(f, f.load("float", acc), ctx.output(), f.madd(j, i, cout));
        }));
        f.retVoid();
    }

    private static void quantizedFullyConnected(KernelContext ctx, FullyConnectedNode node, Requantizer rq) {
        FunctionWriter f = ctx.f();
        String what = "FullyConnected node '" + node.name() + "'";
        TensorType xt = node.input(0).type();
        TensorType wt = node.input(1).type();
        QuantRange xr = QuantRange.of(xt, what);
        boolean raw = QuantizedConv.isRawAccumulator(node.type());
        QuantRange yr = raw ? null : QuantRange.of(node.type(), what);
        int rows = xt.dim(0);
        int depth = xt.dim(1);
        int cout = node.type().dim(1);
        String accType = Accumulation.type(Accumulation.productSumBound(node, cout, depth));
        String mult = raw ? null : ctx.module().floatTable(Ir.sanitize(node.name()) + ".mult",
                QuantizedConv.multipliers(xt, wt, node.type(), cout));
        String zw = ConvEmitter.weightOffsets(ctx, node, cout);
        String acc = f.alloca(accType, "acc");
        f.loop("i", 0, rows, i -> f.loop("j", 0, cout, j -> {
            String bias = node.hasBias() ? Elements.loadInt(f, ElemKind.INT32, ctx.input(2), j) : "0";
            f.store(accType, Accumulation.widen(f, accType, bias), acc);
            String z = f.load("i32", f.gep("i32", zw, j));
            String xRow = f.mul("i64", i, Long.toString(depth));
            String wRow = f.mul("i64", j, Long.toString(depth));
            f.loop("k", 0, depth, k -> {
                String x = Elements.loadInt(f, xt.kind(), ctx.input(0), f.add("i64", xRow, k));
                String w = Elements.loadInt(f, wt.kind(), ctx.input(1), f.add("i64", wRow, k));
                String prod = Accumulation.product(f, accType, f.addWrap("i32", x, Integer.toString(-xr.offset())),
                        f.assign("wc", "sub i32 " + w + ", " + z));
                f.store(accType, f.addWrap(accType, f.load(accType, acc), prod), acc);
            });
            String sum = f.load(accType, acc);
            String y = raw ? Accumulation.toInt32(f, accType, sum)
                    : rq.requantize(f, accType, sum, f.load("float", f.gep("float", mult, j)), yr.offset(), yr.qmin(), yr.qmax());
            Elements.storeInt(f, node.type().kind(), y, ctx.output(), f.madd(j, i, cout));
        }));
        f.retVoid();
    }

    private static void quantizedMatMul(KernelContext ctx, MatMulNode node, Requantizer rq) {
        FunctionWriter f = ctx.f();
        String what = "MatMul node '" + node.name() + "'";
        TensorType at = node.input(0).type();
        TensorType bt = node.input(1).type();
        QuantRange ar = QuantRange.of(at, what);
        boolean raw = QuantizedConv.isRawAccumulator(node.type());
        QuantRange yr = raw ? null : QuantRange.of(node.type(), what);
        if (at.rank() < 2 || bt.rank() < 2) {
            throw new GlintException(what + ": int8 MatMul needs operands of rank >= 2");
        }
        QuantParams qb = bt.quant();
        if (qb == null || !(qb.isPerTensor() || qb.axis() == bt.rank() - 1)) {
            throw new GlintException(what + ": right operand must be quantized per tensor or per column, got " + bt);
        }
        MatMulShape s = MatMulShape.of(node);
        float[] mult = new float[s.n()];
        long[] zb = new long[s.n()];
        for (int j = 0; j < s.n(); j++) {
            int c = qb.isPerTensor() ? 0 : j;
            mult[j] = raw ? 0f : NumericContract.multiplier(ar.scale(), qb.scale(c), yr.scale());
            zb[j] = qb.offset(c);
        }
        String name = Ir.sanitize(node.name());
        String multTable = ctx.module().floatTable(name + ".mult", mult);
        String zbTable = ctx.module().longTable(name + ".zb", zb);
        String aTable = ctx.module().longTable(name + ".a", s.aOffsets());
        String bTable = ctx.module().longTable(name + ".b", s.bOffsets());
        String accType = Accumulation.type((double) Accumulation.distance(at) * Accumulation.distance(bt) * s.k());
        String acc = f.alloca(accType, "acc");
        f.loop("batch", 0, s.aOffsets().length, bi -> {
            String a = f.load("i64", f.gep("i64", aTable, bi));
            String b = f.load("i64", f.gep("i64", bTable, bi));
            String out = f.mul("i64", bi, Long.toString((long) s.m() * s.n()));
            f.loop("i", 0, s.m(), i -> f.loop("j", 0, s.n(), j -> {
                f.store(accType, "0", acc);
                String z = f.convert("trunc", "i64", f.load("i64", f.gep("i64", zbTable, j)), "i32");
                String aRow = f.madd(a, i, s.k());
                String bCol = f.add("i64", b, j);
                f.loop("q", 0, s.k(), q -> {
                    String av = Elements.loadInt(f, at.kind(), ctx.input(0), f.add("i64", aRow, q));
                    String bv = Elements.loadInt(f, bt.kind(), ctx.input(1), f.madd(bCol, q, s.n()));
                    String prod = Accumulation.product(f, accType, f.addWrap("i32", av, Integer.toString(-ar.offset())),
                            f.assign("bc", "sub i32 " + bv + ", " + z));
                    f.store(accType, f.addWrap(accType, f.load(accType, acc), prod), acc);
                });
                String sum = f.load(accType, acc);
                String y = raw ? Accumulation.toInt32(f, accType, sum) : rq.requantize(f, accType, sum,
                        f.load("float", f.gep("float", multTable, j)), yr.offset(), yr.qmin(), yr.qmax());
                Elements.storeInt(f, node.type().kind(), y, ctx.output(), f.add("i64", out, f.madd(j, i, s.n())));
            }));
        });
        f.retVoid();
    }
}

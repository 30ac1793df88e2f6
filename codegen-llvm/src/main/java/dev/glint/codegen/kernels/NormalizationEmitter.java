package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.Node;
import dev.glint.ir.ops.BatchNormalizationNode;
import dev.glint.ir.ops.LrnNode;

/**
 * Float normalisations. BatchNormalization computes, per channel, {@code k = scale / sqrt(var + eps)} and
 * {@code c = bias - mean * k} once, then {@code y = x * k + c} over the channel's plane (its parameters
 * may be graph inputs, so nothing is folded at compile time). LRN sums squares over the channel window
 * and divides by {@code (bias + alpha/size * sum)^beta} with {@code llvm.pow}.
 */
public final class NormalizationEmitter implements KernelEmitter {
    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (node instanceof BatchNormalizationNode bn) {
            ElementwiseEmitter.requireFloat(bn);
            return new SimpleKernel("float batch normalization", ctx -> batchNorm(ctx, bn));
        }
        if (node instanceof LrnNode lrn) {
            ElementwiseEmitter.requireFloat(lrn);
            return new SimpleKernel("float LRN", ctx -> lrn(ctx, lrn));
        }
        return null;
    }

    private static void batchNorm(KernelContext ctx, BatchNormalizationNode node) {
        FunctionWriter f = ctx.f();
        int[] xs = node.input(0).type().shape();
        long plane = DataMovementEmitter.product(xs, 2, xs.length);
        f.loop("n", 0, xs[0], n -> f.loop("c", 0, xs[1], c -> {
            String var = Elements.loadFloat(f, ctx.input(4), c);
            String k = f.fdiv("float", Elements.loadFloat(f, ctx.input(1), c),
                    f.fIntrinsic("sqrt", "float", f.fadd("float", var, Ir.f32(node.epsilon()))));
            String shift = f.fsub("float", Elements.loadFloat(f, ctx.input(2), c),
                    f.fmul("float", Elements.loadFloat(f, ctx.input(3), c), k));
            String base = f.mul("i64", f.madd(c, n, xs[1]), Long.toString(plane));
            f.loop("p", 0, plane, p -> {
                String i = f.add("i64", base, p);
                String y = f.fop("fadd", "contract", "float",
                        f.fop("fmul", "contract", "float", Elements.loadFloat(f, ctx.input(0), i), k), shift);
                Elements.storeFloat(f, y, ctx.output(), i);
            });
        }));
        f.retVoid();
    }

    private static void lrn(KernelContext ctx, LrnNode node) {
        FunctionWriter f = ctx.f();
        int[] xs = node.input(0).type().shape();
        long channels = xs[1];
        long plane = DataMovementEmitter.product(xs, 2, xs.length);
        var a = node.attributes();
        float alpha = a.getFloat("alpha", 1e-4f);
        float beta = a.getFloat("beta", 0.75f);
        float bias = a.getFloat("bias", 1f);
        int size = (int) a.getInt("size");
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        String coefficient = Ir.f32(alpha / size);
        String sum = f.alloca("float", "sq");
        f.loop("n", 0, xs[0], n -> f.loop("c", 0, channels, c -> {
            String lo = f.smax("i64", f.sub("i64", c, Long.toString(before)), "0");
            String hi = f.add("i64", f.smin("i64", f.add("i64", c, Long.toString(after)), Long.toString(channels - 1)), "1");
            String nBase = f.mul("i64", n, Long.toString(channels * plane));
            f.loop("p", 0, plane, p -> {
                f.store("float", Ir.f32(0f), sum);
                f.loop("j", lo, hi, j -> {
                    String v = Elements.loadFloat(f, ctx.input(0), f.add("i64", f.madd(nBase, j, plane), p));
                    f.store("float", f.fop("fadd", "reassoc contract", "float", f.load("float", sum),
                            f.fop("fmul", "contract", "float", v, v)), sum);
                });
                String i = f.add("i64", f.madd(nBase, c, plane), p);
                String base = f.fadd("float", Ir.f32(bias), f.fmul("float", coefficient, f.load("float", sum)));
                String y = f.fdiv("float", Elements.loadFloat(f, ctx.input(0), i), f.fIntrinsic("pow", "float", base, Ir.f32(beta)));
                Elements.storeFloat(f, y, ctx.output(), i);
            });
        }));
        f.retVoid();
    }
}

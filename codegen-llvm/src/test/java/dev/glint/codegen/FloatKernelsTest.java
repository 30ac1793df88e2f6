package dev.glint.codegen;

import dev.glint.ir.Graph;
import dev.glint.ir.text.GraphParser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every float operation, JIT against interpreter, on small graphs written in the textual IR. */
class FloatKernelsTest {
    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("unary", """
                        graph unary(%x: f32[2,3,5]) {
                          %r = Relu(%x)
                          %l = LeakyRelu(%x) {alpha=0.2}
                          %c = Clip(%x) {max=0.5, min=-0.25}
                          %s = Sigmoid(%x)
                          %t = Tanh(%x)
                          %e = Exp(%x)
                          return %r, %l, %c, %s, %t, %e
                        }
                        """),
                Arguments.of("binary broadcast", """
                        graph binary(%a: f32[2,3,4], %b: f32[3,1], %c: f32[4]) {
                          %add = Add(%a, %b)
                          %sub = Sub(%b, %a)
                          %mul = Mul(%a, %c)
                          %div = Div(%a, %c)
                          %max = Max(%a, %b)
                          %min = Min(%c, %a)
                          %slope = Constant f32[3,1] [0.1, 0.5, 2.0]
                          %prelu = PRelu(%a, %slope)
                          return %add, %sub, %mul, %div, %max, %min, %prelu
                        }
                        """),
                Arguments.of("conv", """
                        graph conv(%x: f32[2,4,7,6]) {
                          %w = Constant f32[6,2,3,3] [%W]
                          %b = Constant f32[6] [0.1, -0.2, 0.3, 0.0, 1.0, -1.0]
                          %y = Conv(%x, %w, %b) {dilations=[2,1], group=2, pads=[1,2,2,0], strides=[2,1]}
                          %w1 = Constant f32[3,4,1,1] [%W1]
                          %z = Conv(%x, %w1) {strides=[1,2]}
                          return %y, %z
                        }
                        """.replace("%W1", numbers(12)).replace("%W", numbers(108))),
                Arguments.of("conv and fc with weights as inputs (untiled kernels)", """
                        graph dynamic(%x: f32[1,4,6,5], %w: f32[6,2,3,3], %b: f32[6], %v: f32[3,7], %fw: f32[5,7]) {
                          %y = Conv(%x, %w, %b) {group=2, pads=[1,0,1,2], strides=[1,2]}
                          %f = FullyConnected(%v, %fw)
                          return %y, %f
                        }
                        """),
                Arguments.of("conv1d depthwise", """
                        graph conv1d(%x: f32[1,3,11]) {
                          %w = Constant f32[3,1,4] [%W]
                          %y = Conv(%x, %w) {group=3, pads=[2,1], strides=[2], dilations=[1]}
                          return %y
                        }
                        """.replace("%W", numbers(12))),
                Arguments.of("gemm", """
                        graph gemm(%a: f32[3,5], %b: f32[4,5], %m: f32[2,3,5], %v: f32[5]) {
                          %c = Constant f32[4] [1.0, 2.0, 3.0, 4.0]
                          %g = Gemm(%a, %b, %c) {alpha=0.5, beta=2.0, transA=0, transB=1}
                          %bt = Transpose(%b) {perm=[1,0]}
                          %g2 = Gemm(%a, %bt) {transA=0, transB=0}
                          %at = Transpose(%a) {perm=[1,0]}
                          %g3 = Gemm(%at, %b) {transA=1, transB=1, alpha=1.5}
                          %mm = MatMul(%m, %bt)
                          %mv = MatMul(%m, %v)
                          %vm = MatMul(%v, %bt)
                          %w = Constant f32[4,5] [%W]
                          %fb = Constant f32[4] [0.5, -0.5, 0.25, 0.0]
                          %fc = FullyConnected(%a, %w, %fb)
                          %fc2 = FullyConnected(%a, %w)
                          return %g, %g2, %g3, %mm, %mv, %vm, %fc, %fc2
                        }
                        """.replace("%W", numbers(20))),
                Arguments.of("pool", """
                        graph pool(%x: f32[2,3,9,8]) {
                          %mp = MaxPool(%x) {kernel_shape=[3,3], pads=[1,1,1,1], strides=[2,2]}
                          %mp2 = MaxPool(%x) {ceil_mode=1, dilations=[2,1], kernel_shape=[2,3], pads=[0,1,1,0], strides=[3,2]}
                          %ap = AveragePool(%x) {kernel_shape=[3,2], pads=[1,0,1,1], strides=[2,2]}
                          %ap2 = AveragePool(%x) {count_include_pad=1, kernel_shape=[3,3], pads=[1,1,1,1], strides=[2,2], ceil_mode=1}
                          %gap = GlobalAveragePool(%x)
                          %gmp = GlobalMaxPool(%x)
                          return %mp, %mp2, %ap, %ap2, %gap, %gmp
                        }
                        """),
                Arguments.of("softmax", """
                        graph softmax(%x: f32[2,3,5]) {
                          %s = Softmax(%x) {axis=-1}
                          %s1 = Softmax(%x) {axis=1}
                          %s2 = Softmax(%x) {axis=1, coerce2d=1}
                          %l = LogSoftmax(%x) {axis=2}
                          %l1 = LogSoftmax(%x) {axis=0}
                          return %s, %s1, %s2, %l, %l1
                        }
                        """),
                Arguments.of("normalization", """
                        graph norm(%x: f32[2,5,3,3], %var: f32[5]) {
                          %scale = Constant f32[5] [1.0, 2.0, 0.5, -1.0, 0.25]
                          %bias = Constant f32[5] [0.0, 1.0, -1.0, 0.5, 2.0]
                          %mean = Constant f32[5] [0.1, 0.2, 0.3, 0.4, 0.5]
                          %v = Constant f32[5] [1.0, 4.0, 0.25, 2.0, 0.5]
                          %bn = BatchNormalization(%x, %scale, %bias, %mean, %v) {epsilon=1.0E-5}
                          %sq = Mul(%var, %var)
                          %bn2 = BatchNormalization(%x, %scale, %bias, %mean, %sq) {epsilon=0.001}
                          %lrn = LRN(%x) {alpha=0.001, beta=0.75, bias=1.0, size=3}
                          %lrn2 = LRN(%x) {alpha=0.01, beta=0.5, bias=2.0, size=4}
                          return %bn, %bn2, %lrn, %lrn2
                        }
                        """),
                Arguments.of("data movement", """
                        graph moves(%x: f32[2,3,4], %y: f32[2,2,4]) {
                          %cat = Concat(%x, %y, %x) {axis=1}
                          %cat0 = Concat(%x, %x) {axis=0}
                          %r = Reshape(%cat) {shape=[4,4,4]}
                          %t = Transpose(%x) {perm=[2,0,1]}
                          %s = Slice(%x) {starts=[0,2,3], ends=[2,-1,0], steps=[1,-1,-2]}
                          %p = Pad(%x) {mode="constant", pads=[0,1,2,1,0,1], value=1.5}
                          %pr = Pad(%x) {mode="reflect", pads=[1,1,2,0,1,3]}
                          %pe = Pad(%x) {mode="edge", pads=[0,2,1,1,0,3]}
                          return %r, %t, %s, %p, %pr, %pe, %cat0, %x as "same", %x as "again"
                        }
                        """),
                Arguments.of("small network", """
                        graph net(%x: f32[1,3,8,8]) {
                          %w = Constant f32[4,3,3,3] [%W]
                          %c = Conv(%x, %w) {pads=[1,1,1,1]}
                          %r = Relu(%c)
                          %p = MaxPool(%r) {kernel_shape=[2,2], strides=[2,2]}
                          %g = GlobalAveragePool(%p)
                          %f = Reshape(%g) {shape=[1,4]}
                          %fw = Constant f32[2,4] [1.0, -1.0, 0.5, 0.25, -0.5, 2.0, 0.0, 1.0]
                          %fc = FullyConnected(%f, %fw)
                          %s = Softmax(%fc) {axis=1}
                          return %s, %p
                        }
                        """.replace("%W", numbers(108))));
    }

    /** {@code n} deterministic, varied weights as IR text. */
    static String numbers(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(((i * 37) % 23 - 11) / 8.0);
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void matchesInterpreterOnHost(String name, String text) {
        Graph g = GraphParser.parse(text);
        JitTester.assertMatchesInterpreter(g, JitTester.HOST, 7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void matchesInterpreterOnPortableCpu(String name, String text) {
        Graph g = GraphParser.parse(text);
        JitTester.assertMatchesInterpreter(g, JitTester.cpuSettings().get(JitTester.cpuSettings().size() - 1), 8);
    }
}

package dev.glint.codegen.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.text.GraphParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
    /** No two buffers that are live at the same step share a byte; all lie inside the region. */
    static void assertNoLiveOverlap(MemoryPlan plan) {
        List<LiveBuffer> buffers = plan.activationBuffers();
        for (int i = 0; i < buffers.size(); i++) {
            LiveBuffer a = buffers.get(i);
            assertTrue(a.allocation().end() <= plan.activationBytes(), a.name() + " ends outside the region");
            assertEquals(0, a.allocation().offset() % Alignment.BYTES, a.name() + " is not aligned");
            for (int j = i + 1; j < buffers.size(); j++) {
                LiveBuffer b = buffers.get(j);
                if (a.liveTogetherWith(b)) {
                    assertFalse(a.allocation().overlaps(b.allocation()),
                            a.name() + " " + a.allocation() + " and " + b.name() + " " + b.allocation() + " are live together");
                }
            }
        }
    }

    @Test
    void chainReusesTwoBuffers() {
        Graph g = GraphParser.parse("""
                graph chain(%x: f32[1,1000]) {
                  %a = Relu(%x)
                  %b = Sigmoid(%a)
                  %c = Tanh(%b)
                  %d = Exp(%c)
                  %e = Relu(%d)
                  return %e
                }
                """);
        MemoryPlan plan = MemoryPlanner.plan(g, BufferRequirements.NONE);
        assertNoLiveOverlap(plan);
        assertEquals(4, plan.activationBuffers().size(), "a..d are activations, e is written into its output slot");
        assertEquals(4 * 4032, plan.naiveActivationBytes());
        assertEquals(2 * 4032, plan.activationBytes(), "each value dies when the next is computed: two buffers suffice");
        assertTrue(plan.outputCopies().isEmpty());
        assertEquals(plan.outputs().get("e"), plan.valueOf(g.find("e")), "the last value is computed in place");
    }

    @Test
    void branchesKeepLiveValuesApart() {
        Graph g = GraphParser.parse("""
                graph branches(%x: f32[8,8], %y: f32[8,8]) {
                  %a = Relu(%x)
                  %b = Relu(%y)
                  %c = Add(%a, %b)
                  %d = Mul(%a, %c)
                  %e = Sub(%d, %b)
                  %f = Transpose(%e) {perm=[1,0]}
                  %g = MatMul(%f, %a)
                  %h = Concat(%g, %c) {axis=0}
                  return %h, %d
                }
                """);
        MemoryPlan plan = MemoryPlanner.plan(g, BufferRequirements.NONE);
        assertNoLiveOverlap(plan);
        assertTrue(plan.activationBytes() < plan.naiveActivationBytes(), "some buffer is reused");
        // %a is read by %g (step 6), so it must not be reused before then
        LiveBuffer a = plan.activationBuffers().stream().filter(b -> b.name().equals("a")).findFirst().orElseThrow();
        assertEquals(0, a.first());
        assertEquals(6, a.last());
    }

    @Test
    void sweepGraphsNeverOverlap() {
        for (int i = 0; i < 30; i++) {
            assertNoLiveOverlap(MemoryPlanner.plan(dev.glint.codegen.SweepGraphsAccess.graph(i), BufferRequirements.NONE));
        }
    }

    @Test
    void mutableRegionHasInputsThenOutputsAndCopiesWhereNeeded() {
        Graph g = GraphParser.parse("""
                graph io(%x: f32[3], %y: i8[5]) {
                  %c = Constant f32[3] [1.0, 2.0, 3.0]
                  %s = Add(%x, %c)
                  return %s, %s as "again", %y as "echo", %c as "constant"
                }
                """);
        MemoryPlan plan = MemoryPlanner.plan(g, BufferRequirements.NONE);
        assertEquals(new Allocation(Region.MUTABLE, 0, 12), plan.inputs().get("x"));
        assertEquals(new Allocation(Region.MUTABLE, 64, 5), plan.inputs().get("y"));
        assertEquals(new Allocation(Region.MUTABLE, 128, 12), plan.outputs().get("s"));
        assertEquals(plan.outputs().get("s"), plan.valueOf(g.find("s")));
        assertEquals(List.of("again", "echo", "constant"),
                plan.outputCopies().stream().map(MemoryPlan.OutputCopy::output).toList());
        assertEquals(0, plan.activationBytes());
        assertEquals(6 * 64, plan.mutableBytes(), "two inputs and four outputs, one aligned slot each");
    }

    @Test
    void constantImageIsAlignedLittleEndianPerKind() {
        Graph g = new Graph("constants");
        var x = g.addInput("x", TensorType.f32(2));
        Node f = g.addConstant("f", Tensor.ofFloats(new float[] {1.5f, -2f}, 2));
        Node i8 = g.addConstant("i8", Tensor.ofInts(TensorType.of(ElemKind.INT8, 3), new int[] {-1, 2, -128}));
        Node u8 = g.addConstant("u8", Tensor.ofInts(TensorType.of(ElemKind.UINT8, 2), new int[] {255, 7}));
        Node i16 = g.addConstant("i16", Tensor.ofInts(TensorType.of(ElemKind.INT16, 1), new int[] {-2}));
        Node i32 = g.addConstant("i32", Tensor.ofInts(TensorType.of(ElemKind.INT32, 1), new int[] {0x01020304}));
        Node i64 = g.addConstant("i64", Tensor.ofLongs(new long[] {-3}, 1));
        Node unused = g.addConstant("unused", Tensor.ofFloats(new float[] {9f}, 1));
        for (Node c : List.of(f, i8, u8, i16, i32, i64)) {
            g.addOutput(c.name(), c);
        }
        g.addOutput("x", x);
        MemoryPlan plan = MemoryPlanner.plan(g, BufferRequirements.NONE);
        byte[] image = plan.constantImage();
        assertEquals(0, image.length % Alignment.BYTES);
        assertFalse(plan.hasValue(unused), "a constant nothing reads is left out");
        Map<Node, byte[]> expected = Map.of(
                f, new byte[] {0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, (byte) 0xC0},
                i8, new byte[] {-1, 2, -128},
                u8, new byte[] {-1, 7},
                i16, new byte[] {-2, -1},
                i32, new byte[] {4, 3, 2, 1},
                i64, new byte[] {-3, -1, -1, -1, -1, -1, -1, -1});
        expected.forEach((node, bytes) -> {
            Allocation a = plan.valueOf(node);
            assertEquals(Region.CONSTANT, a.region());
            assertEquals(0, a.offset() % Alignment.BYTES, node.name() + " aligned");
            byte[] actual = new byte[bytes.length];
            System.arraycopy(image, (int) a.offset(), actual, 0, bytes.length);
            assertArrayEquals(bytes, actual, node.name());
        });
    }

    @Test
    void scratchLivesForItsStepAndPackedDataReplacesUnreadConstants() {
        Graph g = GraphParser.parse("""
                graph scratch(%x: f32[1,64]) {
                  %w = Constant f32[2,64] [%W]
                  %a = FullyConnected(%x, %w)
                  %b = Relu(%a)
                  %c = Sigmoid(%b)
                  return %c
                }
                """.replace("%W", "0.5, ".repeat(127) + "0.5"));
        Node a = g.find("a");
        BufferRequirements kernels = new BufferRequirements() {
            @Override
            public long scratchBytes(Node node) {
                return node == a ? 1000 : 0;
            }

            @Override
            public Map<String, byte[]> constantBlobs(Node node) {
                return node == a ? Map.of("packed", new byte[] {1, 2, 3}) : Map.of();
            }

            @Override
            public boolean readsInput(Node node, int index) {
                return !(node == a && index == 1);
            }
        };
        MemoryPlan plan = MemoryPlanner.plan(g, kernels);
        assertNoLiveOverlap(plan);
        assertFalse(plan.hasValue(g.find("w")), "the kernel reads only its packed copy");
        assertEquals(new Allocation(Region.CONSTANT, 0, 3), plan.blob(a, "packed"));
        Allocation scratch = plan.scratchOf(a);
        assertEquals(1000, scratch.bytes());
        LiveBuffer s = plan.activationBuffers().stream().filter(b -> b.allocation().equals(scratch)).findFirst().orElseThrow();
        assertEquals(0, s.first());
        assertEquals(0, s.last());
        // %b (step 1) may reuse the scratch's bytes, which are dead after step 0
        assertEquals(0, plan.valueOf(g.find("b")).offset());
    }
}

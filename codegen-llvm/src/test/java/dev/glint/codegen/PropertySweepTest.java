package dev.glint.codegen;

import dev.glint.codegen.JitTester.Int8Config;
import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random layers (see {@link SweepGraphs}), JIT against interpreter: {@value #GRAPHS} graphs of
 * {@value SweepGraphs#LAYERS} layers per configuration — int8 exactly on every int8 configuration,
 * float within tolerance on every CPU setting.
 */
class PropertySweepTest {
    static final int GRAPHS = 15;

    static Stream<Arguments> int8Cases() {
        List<Arguments> all = new ArrayList<>();
        for (Int8Config config : JitTester.int8Configs()) {
            for (int i = 0; i < GRAPHS; i++) {
                all.add(Arguments.of(config, i));
            }
        }
        return all.stream();
    }

    static Stream<Arguments> floatCases() {
        List<Arguments> all = new ArrayList<>();
        for (TargetSpec t : JitTester.cpuSettings()) {
            for (int i = 0; i < GRAPHS; i++) {
                all.add(Arguments.of(t.cpu(), t, i));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: graph {1}")
    @MethodSource("int8Cases")
    void int8LayersAreBitExact(Int8Config config, int index) {
        Graph g = SweepGraphs.graph(index, true);
        JitTester.assertMatchesInterpreter(g, config.target(), config.policy(), index);
    }

    @ParameterizedTest(name = "{0}: graph {2}")
    @MethodSource("floatCases")
    void floatLayersAreWithinTolerance(String cpu, TargetSpec target, int index) {
        Graph g = SweepGraphs.graph(index, false);
        JitTester.assertMatchesInterpreter(g, target, DotProductPolicy.TARGET, index);
    }
}

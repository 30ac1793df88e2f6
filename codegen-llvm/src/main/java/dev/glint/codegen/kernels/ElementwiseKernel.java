package dev.glint.codegen.kernels;

import dev.glint.ir.Node;
import java.util.HashSet;
import java.util.Set;

/**
 * A kernel computing each output element from the elements at the same index of its inputs. Over inputs
 * of the output's shape that is the same computation in any layout, so such a kernel takes whichever
 * layout its neighbours prefer (all its operands in one); broadcasting inputs tie it to the graph's
 * NCHW.
 */
interface ElementwiseKernel extends Kernel {
    /** The node computed. */
    Node node();

    @Override
    default Set<Integer> layoutTiedInputs() {
        if (ElementwiseEmitter.broadcasts(node())) {
            return Set.of();
        }
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < node().numInputs(); i++) {
            all.add(i);
        }
        return all;
    }

    /** The same code in every layout. */
    @Override
    default Kernel withLayouts(Layouts layouts) {
        return this;
    }
}

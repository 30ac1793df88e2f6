package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.List;

/**
 * Int8 tiles on a dot-product instruction ({@link DotProductIsa}): exact int32 accumulators, each lane
 * requantized per the numeric contract with its channel's float multiplier, then the output offset added,
 * clamped and narrowed to the stored type.
 */
record Int8DotArithmetic(DotProductIsa isa, Requantizer rq, String storedElement) implements TileArithmetic {
    @Override
    public String family() {
        return "qs8_igemm";
    }

    @Override
    public String instruction() {
        return isa.description().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "");
    }

    @Override
    public int lanes() {
        return isa.lanes();
    }

    @Override
    public int group() {
        return isa.group();
    }

    @Override
    public int elementBytes() {
        return isa.elementBytes();
    }

    @Override
    public String vectorType() {
        return isa.vectorType();
    }

    @Override
    public String wordType() {
        return "i32";
    }

    @Override
    public String step(FunctionWriter f, String acc, String activations, String weights) {
        return isa.dot(f, acc, activations, weights);
    }

    @Override
    public List<String> epilogueTables() {
        return List.of("mult");
    }

    @Override
    public List<Param> epilogueScalars() {
        return List.of(new Param("i32", "zy", ""), new Param("i32", "qmin", ""), new Param("i32", "qmax", ""));
    }

    @Override
    public String finish(FunctionWriter f, String acc, List<String> tables) {
        String vt = vectorType();
        String y = rq.requantize(f, vt, acc, tables.get(0), "%zy", "%qmin", "%qmax");
        return storedElement.equals("i32") ? y : f.convert("trunc", vt, y, Ir.vec(lanes(), storedElement));
    }
}

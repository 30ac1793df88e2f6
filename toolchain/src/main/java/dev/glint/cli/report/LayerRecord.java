package dev.glint.cli.report;

import dev.glint.ir.TensorType;
import dev.glint.quantizer.profile.ValueProfile;
import java.util.List;

/**
 * What the report says about one layer (a compute node of the quantized graph; conversions are not
 * layers).
 *
 * @param precision   the output's element kind ("i8", "u8", ...) or "float"
 * @param reason      why a float layer stayed in float; null for integer layers
 * @param inputs      the non-constant operands
 * @param sqnrDb      SQNR of the layer's output against the float graph's value (NaN: no float twin)
 * @param inputSqnrDb SQNR of its operands taken together
 * @param profile     the profile of the float value the output approximates, or null
 * @param clipRange   {lowest, highest} real value the output type represents, or null (float layers)
 * @param jitMicros   median time of the layer alone under the JIT, or NaN when not timed
 */
public record LayerRecord(int index, String name, String origin, String op, String precision, String reason,
                          List<Operand> inputs, TensorType output, String weights, double sqnrDb, double inputSqnrDb,
                          ValueProfile profile, double[] clipRange, double jitMicros) {

    /** An operand of a layer with its type (scale and offset when quantized). */
    public record Operand(String name, TensorType type) {}

    public boolean isFloat() {
        return precision.equals("float");
    }

    /** How much SQNR the layer loses between its operands and its output (dB); NaN when unknown. */
    public double dropDb() {
        return Double.isFinite(sqnrDb) && Double.isFinite(inputSqnrDb) ? inputSqnrDb - sqnrDb : Double.NaN;
    }
}

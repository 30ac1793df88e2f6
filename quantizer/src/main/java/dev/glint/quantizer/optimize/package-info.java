/**
 * The quantization rewrites: after {@code dev.glint.quantizer.Quantizer} has converted a float graph into
 * integer islands, {@link dev.glint.quantizer.optimize.QuantOptimizer} removes the conversions and rescales
 * that the conversion left, to a fixed point.
 *
 * <p>Each rewrite is a small {@link dev.glint.quantizer.optimize.QuantRewrite} with golden text-in/text-out
 * tests, and states what it does to the numbers: {@code EXACT} rewrites (cancelling a round trip to the same
 * type, merging duplicate conversions, moving conversions through data movement, making the rescales of
 * Concat, Max and Min explicit, ...) change no bit; {@code ONE_STEP} rewrites (folding a Rescale or a
 * Relu/Clip into the operation that produces its input, a Rescale into a consumer that reads operands at
 * their own scale, cancelling a round trip through other parameters) remove or move one rounding and
 * change a result by at most one quantization step of the coarsest type involved, for values inside the
 * ranges the types were calibrated for.
 *
 * <p>Two invariants keep the folding sound: an activation folded into a producer is recorded on it
 * ({@link dev.glint.quantizer.optimize.FusedActivation}) so that no later Rescale widens it away, and
 * activations are never folded into conversions, so that the clamp of a Quantize or Rescale is always a
 * calibration choice that may be dropped.
 *
 * <p>{@link dev.glint.quantizer.optimize.OpCounts} counts what a graph is made of, for reports.
 */
package dev.glint.quantizer.optimize;

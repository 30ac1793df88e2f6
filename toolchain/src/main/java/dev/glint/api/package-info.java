/**
 * Glint's Java API for services: load an ONNX model, profile it on calibration data, quantize it and
 * compile it into this process.
 *
 * <pre>{@code
 * Profile profile = Glint.load(model).profile(calibrationNpy);
 * try (var net = Glint.load(model).quantize(profile).compileJit()) {
 *     float[] scores = net.run(image);
 * }
 * }</pre>
 *
 * <p>{@link dev.glint.api.Glint} is the entry point; {@link dev.glint.api.Model} a loaded (float or
 * quantized) model; {@link dev.glint.api.Profile} the measured activation ranges; {@link
 * dev.glint.api.CompiledModel} native code ready to run, thread-safe, to be closed when no longer needed;
 * {@link dev.glint.api.TensorInfo} the name, element type and shape of an input or output. Every mistake in
 * what is passed in (a missing file, a profile made for another model, an input of the wrong size) is a
 * {@link dev.glint.ir.GlintException} with a one-line message.
 */
package dev.glint.api;

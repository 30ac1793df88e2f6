package dev.glint.bundle;

import dev.glint.codegen.LoweredGraph;
import dev.glint.codegen.TargetSpec;

/**
 * A compiled bundle in memory: the object file's bytes, the lowered graph (with its memory plan) the
 * code was generated from, and whether the constant weights are compiled into the object.
 *
 * @param name            the entry's C name (also the prefix of every header symbol)
 * @param embeddedWeights true when the object carries the weights and a null constantWeight pointer selects them
 */
public record Bundle(String name, TargetSpec target, LoweredGraph lowered, byte[] object, boolean embeddedWeights) {}

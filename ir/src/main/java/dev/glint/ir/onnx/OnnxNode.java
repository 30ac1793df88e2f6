package dev.glint.ir.onnx;

import dev.glint.ir.GlintException;
import dev.glint.ir.onnx.proto.Onnx.AttributeProto;
import dev.glint.ir.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One ONNX node as the converters see it: input and output value names, typed attribute access with
 * defaults, and errors that name the model file, the node and its operator.
 */
final class OnnxNode {
    private final NodeProto proto;
    private final String where;
    private final Map<String, AttributeProto> attributes = new HashMap<>();

    OnnxNode(NodeProto proto, String where) {
        this.proto = proto;
        this.where = where;
        for (AttributeProto a : proto.getAttributeList()) {
            if (attributes.put(a.getName(), a) != null) {
                throw error("attribute '%s' appears twice", a.getName());
            }
        }
    }

    String opType() {
        return proto.getOpType();
    }

    String domain() {
        return proto.getDomain();
    }

    /** The ONNX node name ("" when the model gives none); becomes the IR nodes' origin. */
    String name() {
        return proto.getName();
    }

    /** How errors refer to the node: its name, or its first output when it has no name. */
    String label() {
        if (!proto.getName().isEmpty()) {
            return proto.getName();
        }
        return proto.getOutputCount() > 0 ? proto.getOutput(0) : "";
    }

    int numInputs() {
        return proto.getInputCount();
    }

    /** Name of input {@code i}; "" when absent (ONNX marks skipped optional inputs with ""). */
    String inputName(int i) {
        return i < proto.getInputCount() ? proto.getInput(i) : "";
    }

    boolean hasInput(int i) {
        return !inputName(i).isEmpty();
    }

    int numOutputs() {
        return proto.getOutputCount();
    }

    /** Name of output {@code i}; "" when absent. */
    String output(int i) {
        return i < proto.getOutputCount() ? proto.getOutput(i) : "";
    }

    boolean hasAttr(String name) {
        return attributes.containsKey(name);
    }

    long intAttr(String name, long dflt) {
        AttributeProto a = attr(name, AttributeType.INT);
        return a == null ? dflt : a.getI();
    }

    /** An integer attribute that must be present. */
    long intAttr(String name) {
        AttributeProto a = attr(name, AttributeType.INT);
        if (a == null) {
            throw error("missing attribute '%s'", name);
        }
        return a.getI();
    }

    float floatAttr(String name, float dflt) {
        AttributeProto a = attr(name, AttributeType.FLOAT);
        return a == null ? dflt : a.getF();
    }

    String stringAttr(String name, String dflt) {
        AttributeProto a = attr(name, AttributeType.STRING);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    /** An integer-list attribute, or null when absent. */
    long[] intsAttr(String name) {
        AttributeProto a = attr(name, AttributeType.INTS);
        if (a == null) {
            return null;
        }
        long[] r = new long[a.getIntsCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.getInts(i);
        }
        return r;
    }

    /** An integer-list attribute as {@code int[]} (values must fit), or {@code dflt} when absent. */
    int[] intArrayAttr(String name, int[] dflt) {
        long[] v = intsAttr(name);
        if (v == null) {
            return dflt;
        }
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw error("attribute '%s' value %d is out of range", name, v[i]);
            }
            r[i] = (int) v[i];
        }
        return r;
    }

    /** A float-list attribute, or null when absent. */
    float[] floatsAttr(String name) {
        AttributeProto a = attr(name, AttributeType.FLOATS);
        if (a == null) {
            return null;
        }
        float[] r = new float[a.getFloatsCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.getFloats(i);
        }
        return r;
    }

    /** A tensor attribute, or null when absent. */
    TensorProto tensorAttr(String name) {
        AttributeProto a = attr(name, AttributeType.TENSOR);
        return a == null ? null : a.getT();
    }

    /**
     * The attribute, checked to be of the expected type, or null. Old exporters leave {@code type} unset
     * (UNDEFINED); then the value fields decide.
     */
    private AttributeProto attr(String name, AttributeType want) {
        AttributeProto a = attributes.get(name);
        if (a == null) {
            return null;
        }
        AttributeType type = a.hasType() ? a.getType() : AttributeType.UNDEFINED;
        if (type == AttributeType.UNDEFINED) {
            type = guessType(a);
        }
        boolean emptyList = type == AttributeType.UNDEFINED
                && (want == AttributeType.INTS || want == AttributeType.FLOATS);
        if (type != want && !emptyList) {
            throw error("attribute '%s' must be %s, got %s", name, want, type);
        }
        return a;
    }

    private static AttributeType guessType(AttributeProto a) {
        if (a.hasF()) {
            return AttributeType.FLOAT;
        }
        if (a.hasI()) {
            return AttributeType.INT;
        }
        if (a.hasS()) {
            return AttributeType.STRING;
        }
        if (a.hasT()) {
            return AttributeType.TENSOR;
        }
        if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        }
        if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        }
        return AttributeType.UNDEFINED;
    }

    /** Where the node is, for messages: {@code file: Op node 'name'}. */
    String describe() {
        return where + ": " + opType() + " node '" + label() + "'";
    }

    /** A user-facing error about this node (one line, with file, node name and operator). */
    GlintException error(String format, Object... args) {
        return new GlintException(describe() + ": " + String.format(Locale.ROOT, format, args));
    }

    /** This node needs something Glint does not implement; {@code feature} is the short reason. */
    UnsupportedOnnxException unsupported(String feature, String format, Object... args) {
        return new UnsupportedOnnxException(feature, describe() + ": " + String.format(Locale.ROOT, format, args));
    }
}

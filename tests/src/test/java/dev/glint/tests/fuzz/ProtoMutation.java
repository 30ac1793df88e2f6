package dev.glint.tests.fuzz;

/**
 * The ways {@link ProtoMutator} damages a protobuf file. Each is named in the fuzz report so a reader
 * sees which kinds of damage were tried and how often.
 */
enum ProtoMutation {
    /** The file cut short at a random byte. */
    TRUNCATE,
    /** One to four random bytes anywhere in the file XOR-ed with a random non-zero mask. */
    BYTE_FLIP,
    /** A random field (at any depth) removed: a missing dims, input, attribute, opset, graph... */
    DELETE_FIELD,
    /** A random field (at any depth) written twice. */
    DUPLICATE_FIELD,
    /** A random field repeated many times: huge repeated counts (dims, inputs, nodes, attributes). */
    REPEAT_FIELD,
    /** A varint set to a boundary value: dims, data types, attribute ints, opset versions, enum values. */
    FORGE_VARINT,
    /** A fixed-width value (float attributes, float data, fixed64 fields) set to NaN, infinity, huge or zero. */
    FORGE_FIXED,
    /**
     * One element of a small non-message payload (int64/int32/float data of shape, axes, pads, starts, ends
     * and scale tensors) overwritten with a boundary value.
     */
    FORGE_TENSOR_VALUE,
    /** The length prefix of a length-delimited field written too large or too small. */
    FORGE_LENGTH,
    /** A non-message payload (raw_data, strings, packed numbers) shortened, lengthened or emptied. */
    RESIZE_PAYLOAD,
    /** The payload of one length-delimited field replaced by another's: structures of the wrong type. */
    TRANSPLANT_FIELD,
    /** Two to four structural kinds applied to the same copy: damage that gets past the first check. */
    STACKED
}

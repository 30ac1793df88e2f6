package dev.glint.tests.fuzz;

/** The ways {@link NpyMutator} damages an {@code .npy} file (format: NumPy NEP 1, "A simple file format"). */
enum NpyMutation {
    /** The file cut short anywhere: in the magic, the header or the data. */
    TRUNCATE,
    /** One to four random bytes of the magic, version, header length or header text changed. */
    HEADER_BYTE_FLIP,
    /** The version byte set to 0, 2, 3, 4 or 255 (2 and 3 read a four-byte header length). */
    FORGE_VERSION,
    /** The header length field set to 0, small, one too many, or huge. */
    FORGE_HEADER_LENGTH,
    /** The shape tuple replaced: huge, negative, overflowing products, many dimensions, not numbers. */
    FORGE_SHAPE,
    /** The dtype string replaced by an unsupported, malformed or mismatched one. */
    FORGE_DTYPE,
    /** The fortran_order value set to True or to something that is not a boolean. */
    FORGE_FORTRAN_ORDER,
    /** The header dictionary's syntax broken: keys dropped or doubled, quotes or braces removed, junk added. */
    BAD_DICT,
    /** Data bytes removed from or added to the end. */
    RESIZE_DATA
}

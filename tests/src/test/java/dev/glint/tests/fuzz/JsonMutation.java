package dev.glint.tests.fuzz;

/** The ways {@link JsonMutator} damages a JSON document (a Glint profile). */
enum JsonMutation {
    /** The text cut short anywhere. */
    TRUNCATE,
    /** One to four characters replaced by random printable or structural ones. */
    CHAR_FLIP,
    /** One structural character ({@code , : { } [ ] "}) removed. */
    BAD_SYNTAX,
    /** A key of some object removed: a missing format, hash, values, min, histogram, counts... */
    DELETE_KEY,
    /** A value replaced by one of another JSON type (string, number, boolean, null, array, object). */
    WRONG_TYPE,
    /** A number replaced by NaN, infinities, out-of-range, negative, fractional or huge integer text. */
    FORGE_NUMBER,
    /** A value replaced by arrays or objects nested hundreds to hundreds of thousands deep. */
    DEEP_NESTING,
    /** An array emptied, shortened, lengthened or made very long (histogram counts, input dims). */
    RESIZE_ARRAY,
    /** A key written twice in the same object with different values. */
    DUPLICATE_KEY
}

package dev.glint.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every parse error is a GlintException naming line, column and what was expected. */
class GraphParserErrorTest {
    private static String error(String text) {
        return assertThrows(GlintException.class, () -> GraphParser.parse(text)).getMessage();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`model g() {}`|line 1:1: expected 'graph', found 'model'",
        "`graph (%x: f32[1]) {}`|line 1:7: expected the graph's name, found '('",
        "`graph g(%x f32[1]) {}`|line 1:12: expected ':' after graph input '%x', found 'f32'",
        "`graph g(%x: f33[1]) {}`|line 1:13: expected a tensor type such as f32[1,3], found 'f33'",
        "`graph g(%x: f32[1,-2]) {}`|line 1:19: dimension -2 is out of range",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%z)\n  return %y\n}`|line 2:13: use of undefined value '%z'",
        "`graph g(%x: f32[1]) {\n  %x = Relu(%x)\n  return %x\n}`|line 2:3: value '%x' is defined twice",
        "`graph g(%x: f32[1]) {\n  %y = Frobnicate(%x)\n  return %y\n}`|line 2:8: unknown operation 'Frobnicate'",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x %x)\n  return %y\n}`|line 2:16: expected ')' after the operands of '%y', found '%x'",
        "`graph g(%x: f32[2,3]) {\n  %y = Relu(%x) : f32[3,2]\n  return %y\n}`|line 2:19: Relu '%y' is declared f32[3,2] but its inputs give f32[2,3]",
        "`graph g(%x: f32[2,3]) {\n  %y = Relu(%x) : i8[2,3]\n  return %y\n}`|line 2:19: Relu '%y' is declared i8[2,3] but its inputs give f32[2,3]",
        "`graph g(%x: f32[2,3]) {\n  %y = Transpose(%x) {perm=[0,0]}\n  return %y\n}`|line 2:8: Transpose node 'y': [0, 0] is not a permutation",
        "`graph g(%x: f32[2,3]) {\n  %y = Relu(%x, %x)\n  return %y\n}`|line 2:8: Relu node 'y' takes 1 inputs, got 2",
        "`graph g() {\n  %w = Constant f32[2,2] <elided 4 values>\n  return %w\n}`|line 2:26: constant '%w' was printed with its data elided; print the graph with all data to parse it",
        "`graph g() {\n  %w = Constant f32[2] [1.0]\n  return %w\n}`|line 2:24: constant '%w' of type f32[2] needs 2 values, got 1",
        "`graph g() {\n  %w = Constant f32[1] [1.0, 2.0]\n  return %w\n}`|line 2:30: constant '%w' of type f32[1] needs 1 values, got more",
        "`graph g() {\n  %w = Constant i8[1] [300]\n  return %w\n}`|line 2:24: value 300 is out of range for i8",
        "`graph g() {\n  %w = Constant i8[1] [1.5]\n  return %w\n}`|line 2:24: expected an integer, found '1.5'",
        "`graph g() {\n  %w = Constant f32[1] [abc]\n  return %w\n}`|line 2:25: expected a number, found 'abc'",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=}\n  return %y\n}`|line 2:20: expected an attribute value (number, string or list), found '}'",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=1, a=2}\n  return %y\n}`|line 2:23: attribute 'a' is given twice",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=[1, \"s\"]}\n  return %y\n}`|line 2:21: a list mixes strings and numbers",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=\"open}\n  return %y\n}`|line 2:20: unterminated string",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=\"\\q\"}\n  return %y\n}`|line 2:22: unknown escape '\\q'",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=12x}\n  return %y\n}`|line 2:20: malformed number '12x'",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) {a=99999999999999999999}\n  return %y\n}`|line 2:20: integer 99999999999999999999 is out of range",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x) loc(conv)\n  return %y\n}`|line 2:21: expected the origin as a string in loc(...), found 'conv'",
        "`graph g(%x: i8[2]{scale=0.5}) {\n  return %x\n}`|line 1:18: quantization parameters need {scale=S,offset=O}, got [scale]",
        "`graph g(%x: i8[2]{scale=-0.5,offset=0}) {\n  return %x\n}`|line 1:18: bad quantization parameters: quantization scale must be positive and finite, got -0.5",
        "`graph g(%x: i8[2]{axis=0,scale=[0.5],offset=[0]}) {\n  return %x\n}`|line 1:13: per-axis quantization on axis 0 with 1 scales does not fit shape [2]",
        "`graph g(%x: f32[2]{scale=0.5,offset=0}) {\n  return %x\n}`|line 1:13: only small integer kinds can be quantized, not FLOAT32",
        "`graph g(%x: f32[1]) {\n  %y = Relu(%x)\n}`|line 3:1: expected a statement ('%name = ...') or 'return', found '}'",
        "`graph g(%x: f32[1]) {\n  return %x as y\n}`|line 2:16: expected the output's name as a string after 'as', found 'y'",
        "`graph g(%x: f32[1]) {\n  return %x, %x\n}`|line 2:14: duplicate graph output name \"x\"",
        "`graph g(%x: f32[1]) {\n  return %x\n}\nextra`|line 4:1: expected end of input, found 'extra'",
        "`graph g(%x: f32[1]) {\n  return %x\n`|line 3:1: expected '}' to close the graph's body, found end of input",
        "`graph g(% x: f32[1]) {}`|line 1:9: expected a value name after '%'",
        "`graph g(%x: f32[1]) { ; }`|line 1:23: unexpected character ';'",
    })
    void reportsWhereAndWhat(String text, String expected) {
        assertEquals(expected, error(text.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"model.gir|model.gir:1:1: expected 'graph', found 'oops'"})
    void namesTheSourceWhenGiven(String source, String expected) {
        assertEquals(expected, assertThrows(GlintException.class, () -> GraphParser.parse("oops", source)).getMessage());
    }
}

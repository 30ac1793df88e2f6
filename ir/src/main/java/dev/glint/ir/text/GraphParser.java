package dev.glint.ir.text;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.text.Lexer.Kind;
import dev.glint.ir.text.Lexer.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the textual IR written by {@link GraphPrinter} (grammar below) and rebuilds the graph. Operation
 * nodes are created through {@link OpRegistry#create}; when a statement declares a type ({@code : type}),
 * the parser checks that the node's inferred kind and shape agree and keeps the declared type (with its
 * quantization parameters). Every error is a {@link GlintException} naming line and column.
 *
 * <pre>
 * graph     := 'graph' (IDENT | STRING) '(' [input (',' input)*] ')' '{' stmt* return '}'
 * input     := VALUE ':' type
 * stmt      := VALUE '=' 'Constant' type '[' [number (',' number)*] ']' [loc]
 *            | VALUE '=' IDENT '(' [VALUE (',' VALUE)*] ')' [attrs] [':' type] [loc]
 * return    := 'return' [VALUE ['as' STRING] (',' VALUE ['as' STRING])*]
 * attrs     := '{' [key '=' attrValue (',' key '=' attrValue)*] '}'      key := IDENT | STRING
 * attrValue := INT | FLOAT | 'nan' | 'inf' | '-inf' | STRING | '[' [attrValue (',' attrValue)*] ']'
 * type      := KIND '[' [INT (',' INT)*] ']' ['{' 'scale' '=' number ',' 'offset' '=' INT '}'
 *                                          | '{' 'axis' '=' INT ',' 'scale' '=' list ',' 'offset' '=' list '}']
 * loc       := 'loc' '(' STRING ')'
 * </pre>
 */
public final class GraphParser {
    private final Lexer lexer;
    private Graph graph;

    private GraphParser(String text, String sourceName) {
        this.lexer = new Lexer(text, sourceName);
    }

    /** Parses a graph; error messages name "line L:C". */
    public static Graph parse(String text) {
        return new GraphParser(text, null).parseGraph();
    }

    /** Parses a graph; error messages name {@code sourceName:L:C}. */
    public static Graph parse(String text, String sourceName) {
        return new GraphParser(text, sourceName).parseGraph();
    }

    /** Reads and parses a UTF-8 file. */
    public static Graph parseFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GlintException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses a tensor type such as {@code i8[1,8]{scale=0.5,offset=-3}} (the whole text must be the type). */
    public static TensorType parseType(String text) {
        GraphParser p = new GraphParser(text, null);
        TensorType t = p.parseTypeAt();
        p.expectEnd();
        return t;
    }

    private Graph parseGraph() {
        expectKeyword("graph");
        Token nameTok = lexer.next();
        if (nameTok.kind() != Kind.IDENT && nameTok.kind() != Kind.STRING) {
            throw lexer.error(nameTok, "expected the graph's name, found " + nameTok.describe());
        }
        graph = new Graph(nameTok.text());
        expectPunct('(', "after the graph's name");
        if (!lexer.peek().isPunct(')')) {
            do {
                Token v = expectValue("a graph input");
                checkUndefined(v);
                expectPunct(':', "after graph input " + v.describe());
                graph.addInput(v.text(), parseTypeAt());
            } while (acceptPunct(','));
        }
        expectPunct(')', "after the graph's inputs");
        expectPunct('{', "to open the graph's body");
        while (true) {
            Token t = lexer.peek();
            if (t.is(Kind.IDENT, "return")) {
                parseReturn();
                break;
            }
            if (t.kind() != Kind.VALUE) {
                throw lexer.error(t, "expected a statement ('%name = ...') or 'return', found " + t.describe());
            }
            parseStatement();
        }
        expectPunct('}', "to close the graph's body");
        expectEnd();
        return graph;
    }

    private void parseReturn() {
        lexer.next();
        if (lexer.peek().isPunct('}')) {
            return;
        }
        Set<String> names = new HashSet<>();
        do {
            Token v = expectValue("a returned value");
            Node node = lookup(v);
            String outName = v.text();
            if (lexer.peek().is(Kind.IDENT, "as")) {
                lexer.next();
                Token s = lexer.next();
                if (s.kind() != Kind.STRING) {
                    throw lexer.error(s, "expected the output's name as a string after 'as', found " + s.describe());
                }
                outName = s.text();
            }
            if (!names.add(outName)) {
                throw lexer.error(v, "duplicate graph output name " + Attributes.quote(outName));
            }
            graph.addOutput(outName, node);
        } while (acceptPunct(','));
    }

    private void parseStatement() {
        Token target = lexer.next();
        checkUndefined(target);
        expectPunct('=', "after " + target.describe());
        Token opTok = lexer.next();
        if (opTok.kind() != Kind.IDENT) {
            throw lexer.error(opTok, "expected an operation name, found " + opTok.describe());
        }
        if (opTok.text().equals("Constant")) {
            parseConstant(target);
            return;
        }
        expectPunct('(', "after operation " + opTok.text());
        List<Node> operands = new ArrayList<>();
        if (!lexer.peek().isPunct(')')) {
            do {
                operands.add(lookup(expectValue("an operand of " + target.describe())));
            } while (acceptPunct(','));
        }
        expectPunct(')', "after the operands of " + target.describe());
        Attributes attrs = lexer.peek().isPunct('{') ? parseAttributes() : Attributes.EMPTY;
        Token typeTok = null;
        TensorType declared = null;
        if (acceptPunct(':')) {
            typeTok = lexer.peek();
            declared = parseTypeAt();
        }
        String origin = parseOptionalLoc();
        Node node = createNode(opTok, target.text(), operands, attrs);
        // The declared type goes on first: Quantize and Rescale (and any quantized result) take their
        // output kind from it; inference then checks kind and shape against it.
        node.setType(declared);
        TensorType inferred = inferType(opTok, node);
        if (declared != null && !declared.sameKindAndShape(inferred)) {
            throw lexer.error(typeTok, opTok.text() + " " + target.describe() + " is declared " + declared
                    + " but its inputs give " + inferred);
        }
        node.setType(declared != null ? declared : inferred);
        node.setOrigin(origin);
        graph.add(node);
    }

    private Node createNode(Token opTok, String name, List<Node> operands, Attributes attrs) {
        if (!OpRegistry.isKnown(opTok.text())) {
            throw lexer.error(opTok, "unknown operation '" + opTok.text() + "'");
        }
        try {
            return OpRegistry.create(opTok.text(), name, operands, attrs);
        } catch (GlintException | IllegalArgumentException e) {
            throw lexer.error(opTok, e.getMessage());
        }
    }

    private TensorType inferType(Token opTok, Node node) {
        try {
            return node.inferType();
        } catch (GlintException | IllegalArgumentException e) {
            throw lexer.error(opTok, e.getMessage());
        }
    }

    private void parseConstant(Token target) {
        TensorType type = parseTypeAt();
        Token open = lexer.peek();
        if (open.isPunct('<')) {
            throw lexer.error(open, "constant " + target.describe() + " was printed with its data elided; "
                    + "print the graph with all data to parse it");
        }
        expectPunct('[', "to open the data of constant " + target.describe());
        Tensor value = parseData(target, type, open);
        ConstantNode c = new ConstantNode(target.text(), value);
        c.setOrigin(parseOptionalLoc());
        graph.add(c);
    }

    /** Reads exactly {@code type.numElements()} values straight into primitive storage, then the ']'. */
    private Tensor parseData(Token target, TensorType type, Token open) {
        int n = type.numElements();
        boolean isFloat = type.kind().isFloat();
        float[] floats = isFloat ? new float[n] : null;
        long[] longs = isFloat ? null : new long[n];
        int count = 0;
        if (!lexer.peek().isPunct(']')) {
            do {
                Token t = lexer.next();
                if (count == n) {
                    throw lexer.error(t, "constant " + target.describe() + " of type " + type + " needs " + n
                            + " values, got more");
                }
                if (isFloat) {
                    floats[count++] = floatOf(t);
                } else {
                    long v = longOf(t);
                    if (type.kind().isSmallInt() && (v < type.kind().min() || v > type.kind().max())) {
                        throw lexer.error(t, "value " + v + " is out of range for " + type.kind().mnemonic());
                    }
                    longs[count++] = v;
                }
            } while (acceptPunct(','));
        }
        expectPunct(']', "to close the data of constant " + target.describe());
        if (count != n) {
            throw lexer.error(open, "constant " + target.describe() + " of type " + type + " needs " + n
                    + " values, got " + count);
        }
        if (isFloat) {
            return Tensor.ofFloats(type, floats);
        }
        if (type.kind() == ElemKind.INT64) {
            return Tensor.ofLongs(type, longs);
        }
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            ints[i] = (int) longs[i];
        }
        return Tensor.ofInts(type, ints);
    }

    private String parseOptionalLoc() {
        if (!lexer.peek().is(Kind.IDENT, "loc")) {
            return "";
        }
        lexer.next();
        expectPunct('(', "after 'loc'");
        Token s = lexer.next();
        if (s.kind() != Kind.STRING) {
            throw lexer.error(s, "expected the origin as a string in loc(...), found " + s.describe());
        }
        expectPunct(')', "to close loc(...)");
        return s.text();
    }

    private Attributes parseAttributes() {
        expectPunct('{', "to open attributes");
        Attributes.Builder b = Attributes.builder();
        Set<String> seen = new HashSet<>();
        if (!lexer.peek().isPunct('}')) {
            do {
                Token key = lexer.next();
                if (key.kind() != Kind.IDENT && key.kind() != Kind.STRING) {
                    throw lexer.error(key, "expected an attribute name, found " + key.describe());
                }
                if (!seen.add(key.text())) {
                    throw lexer.error(key, "attribute '" + key.text() + "' is given twice");
                }
                expectPunct('=', "after attribute '" + key.text() + "'");
                b.putObject(key.text(), parseAttributeValue());
            } while (acceptPunct(','));
        }
        expectPunct('}', "to close attributes");
        return b.build();
    }

    /** Long, Float, String, or a homogeneous list (long[], float[] when any element is a float, String[]). */
    private Object parseAttributeValue() {
        Token t = lexer.peek();
        if (!t.isPunct('[')) {
            Object v = parseScalar(lexer.next());
            if (v == null) {
                throw lexer.error(t, "expected an attribute value (number, string or list), found " + t.describe());
            }
            return v;
        }
        lexer.next();
        List<Object> items = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        if (!lexer.peek().isPunct(']')) {
            do {
                Token item = lexer.next();
                Object v = parseScalar(item);
                if (v == null) {
                    throw lexer.error(item, "expected a number or string in the list, found " + item.describe());
                }
                items.add(v);
                tokens.add(item);
            } while (acceptPunct(','));
        }
        expectPunct(']', "to close the list");
        return toArray(items, tokens);
    }

    private Object toArray(List<Object> items, List<Token> tokens) {
        boolean anyString = items.stream().anyMatch(v -> v instanceof String);
        boolean anyFloat = items.stream().anyMatch(v -> v instanceof Float);
        if (anyString) {
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof String)) {
                    throw lexer.error(tokens.get(i), "a list mixes strings and numbers");
                }
            }
            return items.toArray(new String[0]);
        }
        if (anyFloat) {
            float[] r = new float[items.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = items.get(i) instanceof Float f ? f : (float) (long) (Long) items.get(i);
            }
            return r;
        }
        long[] r = new long[items.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (Long) items.get(i);
        }
        return r;
    }

    /** A Long, Float or String for a scalar token; null when the token is none of these. */
    private Object parseScalar(Token t) {
        return switch (t.kind()) {
            case INT -> longOf(t);
            case FLOAT -> floatOf(t);
            case STRING -> t.text();
            case IDENT -> t.text().equals("nan") || t.text().equals("inf") ? floatOf(t) : null;
            default -> null;
        };
    }

    private float floatOf(Token t) {
        if (t.kind() == Kind.IDENT && t.text().equals("nan")) {
            return Float.NaN;
        }
        if (t.kind() == Kind.IDENT && t.text().equals("inf")) {
            return Float.POSITIVE_INFINITY;
        }
        if (t.kind() == Kind.FLOAT && t.text().equals("-inf")) {
            return Float.NEGATIVE_INFINITY;
        }
        if (t.kind() != Kind.FLOAT && t.kind() != Kind.INT) {
            throw lexer.error(t, "expected a number, found " + t.describe());
        }
        // Float.parseFloat reads Float.toString's output back to the same bits.
        return Float.parseFloat(t.text());
    }

    private long longOf(Token t) {
        if (t.kind() != Kind.INT) {
            throw lexer.error(t, "expected an integer, found " + t.describe());
        }
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw lexer.error(t, "integer " + t.text() + " is out of range");
        }
    }

    private TensorType parseTypeAt() {
        Token kindTok = lexer.next();
        ElemKind kind = kindTok.kind() == Kind.IDENT ? ElemKind.fromMnemonic(kindTok.text()) : null;
        if (kind == null) {
            throw lexer.error(kindTok, "expected a tensor type such as f32[1,3], found " + kindTok.describe());
        }
        expectPunct('[', "after element kind " + kind.mnemonic());
        List<Integer> dims = new ArrayList<>();
        if (!lexer.peek().isPunct(']')) {
            do {
                Token d = lexer.next();
                long v = longOf(d);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw lexer.error(d, "dimension " + v + " is out of range");
                }
                dims.add((int) v);
            } while (acceptPunct(','));
        }
        expectPunct(']', "to close the shape");
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Token quantTok = lexer.peek();
        QuantParams quant = quantTok.isPunct('{') ? parseQuant() : null;
        try {
            return new TensorType(kind, shape, quant);
        } catch (GlintException | IllegalArgumentException e) {
            throw lexer.error(kindTok, e.getMessage());
        }
    }

    /** {@code {scale=S,offset=O}} or {@code {axis=A,scale=[..],offset=[..]}} as printed by QuantParams. */
    private QuantParams parseQuant() {
        Token open = lexer.peek();
        Attributes a = parseAttributes();
        Set<String> keys = a.asMap().keySet();
        boolean perAxis = a.has("axis");
        Set<String> expected = perAxis ? Set.of("axis", "scale", "offset") : Set.of("scale", "offset");
        if (!keys.equals(expected)) {
            throw lexer.error(open, "quantization parameters need " + (perAxis ? "{axis=A,scale=[..],offset=[..]}"
                    : "{scale=S,offset=O}") + ", got " + keys);
        }
        try {
            if (!perAxis) {
                return QuantParams.perTensor(a.getFloat("scale", 0f), Math.toIntExact(a.getInt("offset")));
            }
            long[] offsets = a.getInts("offset", null);
            int[] ints = new int[offsets.length];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = Math.toIntExact(offsets[i]);
            }
            return QuantParams.perAxis(Math.toIntExact(a.getInt("axis")), a.getFloats("scale", null), ints);
        } catch (GlintException | IllegalArgumentException | ArithmeticException e) {
            throw lexer.error(open, "bad quantization parameters: " + e.getMessage());
        }
    }

    private Node lookup(Token v) {
        Node n = graph.find(v.text());
        if (n == null) {
            throw lexer.error(v, "use of undefined value " + v.describe());
        }
        return n;
    }

    private void checkUndefined(Token v) {
        if (graph.find(v.text()) != null) {
            throw lexer.error(v, "value " + v.describe() + " is defined twice");
        }
    }

    private Token expectValue(String what) {
        Token t = lexer.next();
        if (t.kind() != Kind.VALUE) {
            throw lexer.error(t, "expected " + what + " ('%name'), found " + t.describe());
        }
        return t;
    }

    private void expectKeyword(String word) {
        Token t = lexer.next();
        if (!t.is(Kind.IDENT, word)) {
            throw lexer.error(t, "expected '" + word + "', found " + t.describe());
        }
    }

    private void expectPunct(char c, String context) {
        Token t = lexer.next();
        if (!t.isPunct(c)) {
            throw lexer.error(t, "expected '" + c + "' " + context + ", found " + t.describe());
        }
    }

    private boolean acceptPunct(char c) {
        if (lexer.peek().isPunct(c)) {
            lexer.next();
            return true;
        }
        return false;
    }

    private void expectEnd() {
        Token t = lexer.next();
        if (t.kind() != Kind.EOF) {
            throw lexer.error(t, "expected end of input, found " + t.describe());
        }
    }
}

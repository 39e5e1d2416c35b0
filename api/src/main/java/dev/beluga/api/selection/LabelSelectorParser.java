package dev.beluga.api.selection;

import dev.beluga.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Upstream's label selector grammar (apimachinery labels.Parse): a comma-separated list of
 * requirements, each {@code key}, {@code !key}, {@code key=v}, {@code key==v}, {@code key!=v},
 * {@code key in (v,...)}, {@code key notin (v,...)}, {@code key>n} or {@code key<n}. Error messages are
 * upstream's, requirement errors prefixed {@code unable to parse requirement: }.
 */
final class LabelSelectorParser {

    private enum Kind { IDENTIFIER, NOT, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, IN, NOT_IN, GREATER, LESS, OPEN, CLOSE, COMMA, END, ERROR }

    private record Token(Kind kind, String literal) {}

    private static final Map<String, Kind> SYMBOLS = Map.ofEntries(
            Map.entry("!", Kind.NOT), Map.entry("!=", Kind.NOT_EQUALS), Map.entry("(", Kind.OPEN), Map.entry(")", Kind.CLOSE),
            Map.entry(",", Kind.COMMA), Map.entry("=", Kind.EQUALS), Map.entry("==", Kind.DOUBLE_EQUALS), Map.entry(">", Kind.GREATER),
            Map.entry("<", Kind.LESS), Map.entry("in", Kind.IN), Map.entry("notin", Kind.NOT_IN));

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final List<Token> tokens;
    private int position;

    private LabelSelectorParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<LabelRequirement> parse(String text) {
        return new LabelSelectorParser(lex(text)).requirements();
    }

    private List<LabelRequirement> requirements() {
        List<LabelRequirement> out = new ArrayList<>();
        while (true) {
            Token t = lookahead(true);
            switch (t.kind) {
                case IDENTIFIER, NOT -> {
                    out.add(requirement());
                    Token next = consume(true);
                    if (next.kind == Kind.END) return out;
                    if (next.kind != Kind.COMMA) throw fail("found '" + next.literal + "', expected: ',' or 'end of string'");
                    Token after = lookahead(true);
                    if (after.kind != Kind.IDENTIFIER && after.kind != Kind.NOT) {
                        throw fail("found '" + after.literal + "', expected: identifier after ','");
                    }
                }
                case END -> {
                    return out;
                }
                default -> throw fail("found '" + t.literal + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement requirement() {
        boolean negated = false;
        Token t = consume(true);
        if (t.kind == Kind.NOT) {
            negated = true;
            t = consume(true);
        }
        if (t.kind != Kind.IDENTIFIER) throw requirementFailure("found '" + t.literal + "', expected: identifier");
        String key = t.literal;
        Kind next = lookahead(true).kind;
        if (negated || next == Kind.END || next == Kind.COMMA) {
            return validated(key, negated ? LabelOperator.DOES_NOT_EXIST : LabelOperator.EXISTS, List.of());
        }
        Token op = consume(false);
        LabelOperator operator = switch (op.kind) {
            case IN -> LabelOperator.IN;
            case NOT_IN -> LabelOperator.NOT_IN;
            case EQUALS -> LabelOperator.EQUALS;
            case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
            case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
            case GREATER -> LabelOperator.GREATER_THAN;
            case LESS -> LabelOperator.LESS_THAN;
            default -> throw requirementFailure("found '" + op.literal + "', expected: " + BINARY_OPERATORS);
        };
        List<String> values = operator == LabelOperator.IN || operator == LabelOperator.NOT_IN ? valueSet() : exactValue();
        return validated(key, operator, values);
    }

    private static LabelRequirement validated(String key, LabelOperator op, List<String> values) {
        try {
            return LabelRequirement.of(key, op, List.copyOf(new TreeSet<>(values)));
        } catch (StatusException e) {
            throw requirementFailure(e.getMessage());
        }
    }

    private List<String> valueSet() {
        Token open = consume(true);
        if (open.kind != Kind.OPEN) throw requirementFailure("found '" + open.literal + "' expected: '('");
        Token t = lookahead(true);
        switch (t.kind) {
            case IDENTIFIER, COMMA -> {
                List<String> values = identifiers();
                Token close = consume(true);
                if (close.kind != Kind.CLOSE) throw requirementFailure("found '" + t.literal + "', expected: ')'");
                return values;
            }
            case CLOSE -> {
                consume(true);
                return List.of("");
            }
            default -> throw requirementFailure("found '" + t.literal + "', expected: ',', ')' or identifier");
        }
    }

    /** Upstream's parseIdentifiersList: empty entries (as in {@code (,a)}) are the empty value. */
    private List<String> identifiers() {
        List<String> values = new ArrayList<>();
        while (true) {
            Token t = consume(true);
            switch (t.kind) {
                case IDENTIFIER -> {
                    values.add(t.literal);
                    Token next = lookahead(true);
                    if (next.kind == Kind.CLOSE) return values;
                    if (next.kind != Kind.COMMA) throw requirementFailure("found '" + next.literal + "', expected: ',' or ')'");
                }
                case COMMA -> {
                    if (values.isEmpty()) values.add("");
                    Kind next = lookahead(true).kind;
                    if (next == Kind.CLOSE) {
                        values.add("");
                        return values;
                    }
                    if (next == Kind.COMMA) {
                        consume(true);
                        values.add("");
                    }
                }
                default -> throw requirementFailure("found '" + t.literal + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> exactValue() {
        Kind next = lookahead(true).kind;
        if (next == Kind.END || next == Kind.COMMA) return List.of("");
        Token t = consume(true);
        if (t.kind == Kind.IDENTIFIER) return List.of(t.literal);
        throw requirementFailure("found '" + t.literal + "', expected: identifier");
    }

    /** In value position the keywords {@code in} and {@code notin} are plain identifiers. */
    private Token lookahead(boolean values) {
        Token t = tokens.get(position);
        return values && (t.kind == Kind.IN || t.kind == Kind.NOT_IN) ? new Token(Kind.IDENTIFIER, t.literal) : t;
    }

    private Token consume(boolean values) {
        Token t = lookahead(values);
        if (position < tokens.size() - 1) position++;
        return t;
    }

    private static StatusException fail(String message) {
        return StatusException.badRequest(message);
    }

    private static StatusException requirementFailure(String message) {
        return StatusException.badRequest("unable to parse requirement: " + message);
    }

    private static List<Token> lex(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && isWhitespace(text.charAt(i))) i++;
            if (i >= n) {
                out.add(new Token(Kind.END, ""));
                return out;
            }
            char c = text.charAt(i);
            if (isSpecial(c)) {
                // Longest run of symbol characters that still spells a known operator.
                Kind kind = null;
                int end = i;
                int j = i;
                while (j < n && isSpecial(text.charAt(j))) {
                    Kind k = SYMBOLS.get(text.substring(i, j + 1));
                    if (k != null) {
                        kind = k;
                        end = j + 1;
                    } else if (kind != null) {
                        break;
                    }
                    j++;
                }
                if (kind == null) {
                    out.add(new Token(Kind.ERROR, "error expected: keyword found '" + text.substring(i, j) + "'"));
                    i = j;
                } else {
                    out.add(new Token(kind, text.substring(i, end)));
                    i = end;
                }
            } else {
                int j = i;
                while (j < n && !isWhitespace(text.charAt(j)) && !isSpecial(text.charAt(j))) j++;
                String word = text.substring(i, j);
                Kind keyword = SYMBOLS.get(word);
                out.add(new Token(keyword == null ? Kind.IDENTIFIER : keyword, word));
                i = j;
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
}

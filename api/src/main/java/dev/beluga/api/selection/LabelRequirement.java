package dev.beluga.api.selection;

import dev.beluga.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One requirement of a label selector, e.g. {@code tier in (a,b)}. Values are kept sorted and unique as
 * upstream's set; numeric bounds are parsed once.
 */
public record LabelRequirement(String key, LabelOperator operator, List<String> values) {

    public LabelRequirement {
        values = List.copyOf(new TreeSet<>(values));
    }

    /**
     * A validated requirement, as upstream's NewRequirement: bad keys, values and value counts become
     * a 400 whose message lists each problem ({@code values[0][app]: Invalid value: "a b": ...}).
     */
    static LabelRequirement of(String key, LabelOperator op, List<String> values) {
        List<String> errors = new ArrayList<>();
        List<String> keyProblems = LabelSyntax.keyProblems(key);
        if (!keyProblems.isEmpty()) errors.add(invalid("key", quote(key), String.join("; ", keyProblems)));
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) errors.add(invalid("values", goSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) errors.add(invalid("values", goSlice(values), "exact-match compatibility requires one single value"));
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) errors.add(invalid("values", goSlice(values), "values set must be empty for exists and does not exist"));
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) errors.add(invalid("values", goSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
                for (int i = 0; i < values.size(); i++) {
                    if (parseLong(values.get(i)) == null) {
                        errors.add(invalid("values[" + i + "]", quote(values.get(i)), "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> problems = LabelSyntax.valueProblems(values.get(i));
            if (!problems.isEmpty()) {
                errors.add(invalid("values[" + i + "][" + key + "]", quote(values.get(i)), String.join("; ", problems)));
            }
        }
        if (!errors.isEmpty()) {
            throw StatusException.badRequest(errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]");
        }
        return new LabelRequirement(key, op, values);
    }

    /** Whether labels (a lookup returning null for an absent key) satisfy this requirement. */
    boolean matches(Function<String, String> labels) {
        String actual = labels.apply(key);
        return switch (operator) {
            case EQUALS, DOUBLE_EQUALS, IN -> actual != null && values.contains(actual);
            case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
            case EXISTS -> actual != null;
            case DOES_NOT_EXIST -> actual == null;
            case GREATER_THAN, LESS_THAN -> {
                Long have = actual == null ? null : parseLong(actual);
                Long bound = values.size() == 1 ? parseLong(values.getFirst()) : null;
                if (have == null || bound == null) yield false;
                yield operator == LabelOperator.GREATER_THAN ? have > bound : have < bound;
            }
        };
    }

    /** Upstream's canonical form: {@code a=b}, {@code a in (x,y)}, {@code !a}, {@code a>1}. */
    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case IN, NOT_IN -> key + operator.rendered + "(" + String.join(",", values) + ")";
            default -> key + operator.rendered + String.join(",", values);
        };
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String invalid(String field, String rendered, String detail) {
        return field + ": Invalid value: " + rendered + ": " + detail;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String goSlice(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) quoted.add(quote(v));
        return "[]string{" + String.join(", ", quoted) + "}";
    }
}

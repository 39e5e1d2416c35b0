package dev.beluga.api.selection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed field selector ({@code fieldSelector=spec.nodeName=n1,status.phase!=Running}) bound to one
 * resource: terms {@code field=value}, {@code field==value} or {@code field!=value}, all of which must
 * hold. Values may escape {@code \,} {@code \=} and {@code \\} as upstream's fields.ParseSelector.
 * Labels the resource does not support are rejected at parse time, as upstream's apiserver does.
 */
public final class FieldSelector {

    /** One term; {@code equal} false means {@code !=}. */
    public record Term(String field, boolean equal, String value) {
        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + escape(value);
        }
    }

    private final List<Term> terms;
    private final FieldLabels labels;

    private FieldSelector(List<Term> terms, FieldLabels labels) {
        this.terms = terms;
        this.labels = labels;
    }

    /** Parses and validates a selector for {@code type}; syntax errors and unsupported labels are 400s. */
    public static FieldSelector parse(String text, ResourceType type) {
        FieldLabels labels = FieldLabels.of(type);
        List<String> parts = splitTerms(text);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) continue;
            Term raw = splitTerm(text, part);
            terms.add(new Term(labels.resolve(raw.field()), raw.equal(), raw.value()));
        }
        return new FieldSelector(List.copyOf(terms), labels);
    }

    /** Whether every term holds for the object. */
    public boolean matches(JsonNode object) {
        for (Term t : terms) {
            if (labels.read(t.field(), object).equals(t.value()) != t.equal()) return false;
        }
        return true;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    public List<Term> terms() {
        return terms;
    }

    /**
     * The value an {@code field=value} term requires, if the selector has one; lets callers narrow a
     * scan, e.g. pods by {@code spec.nodeName}.
     */
    public java.util.Optional<String> requiredValue(String field) {
        return terms.stream().filter(t -> t.equal() && t.field().equals(field)).map(Term::value).findFirst();
    }

    /** Upstream's canonical form: terms sorted, {@code ==} written as {@code =}, values escaped. */
    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    /** Splits on commas not escaped by a backslash, keeping escapes for {@link #unescape}. */
    private static List<String> splitTerms(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                current.append(c);
                escaped = false;
            } else if (c == '\\') {
                current.append(c);
                escaped = true;
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** The first occurrence of an operator splits; the left side allows no escapes, as upstream. */
    private static Term splitTerm(String selector, String term) {
        for (int i = 0; i < term.length(); i++) {
            if (term.startsWith("!=", i)) return new Term(term.substring(0, i), false, unescape(term.substring(i + 2)));
            if (term.startsWith("==", i)) return new Term(term.substring(0, i), true, unescape(term.substring(i + 2)));
            if (term.startsWith("=", i)) return new Term(term.substring(0, i), true, unescape(term.substring(i + 1)));
        }
        throw StatusException.badRequest("invalid selector: '" + selector + "'; can't understand '" + term + "'");
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) return value;
        StringBuilder out = new StringBuilder(value.length());
        boolean inSlash = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw StatusException.badRequest("invalid field selector: invalid escape sequence: \\" + c);
                }
                out.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // Upstream formats the offending rune with %v, which prints its code point.
                throw StatusException.badRequest("invalid field selector: unescaped character in value: " + (int) c);
            } else {
                out.append(c);
            }
        }
        if (inSlash) throw StatusException.badRequest("invalid field selector: invalid escape sequence: \\");
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}

package dev.beluga.api.selection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A parsed label selector: requirements that must all hold. Parse once, match many times.
 *
 * <p>Two selectors are special, as upstream's labels.Everything() and labels.Nothing(): the empty
 * selector matches every object, and the nothing selector (a nil model selector) matches none.
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<LabelRequirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** Parses the {@code labelSelector} query syntax; a bad selector is a 400 with upstream's message. */
    public static LabelSelector parse(String text) {
        List<LabelRequirement> parsed = LabelSelectorParser.parse(text);
        return parsed.isEmpty() ? EVERYTHING : new LabelSelector(sortedByKey(parsed), false);
    }

    /**
     * Upstream's LabelSelectorAsSelector: an absent selector selects nothing, an empty one everything;
     * otherwise matchLabels are {@code =} requirements and matchExpressions In/NotIn/Exists/DoesNotExist.
     */
    public static LabelSelector fromModel(Optional<io.fabric8.kubernetes.api.model.LabelSelector> model) {
        return model.map(LabelSelector::fromModel).orElse(NOTHING);
    }

    /** As {@link #fromModel(Optional)} for a present selector. */
    public static LabelSelector fromModel(io.fabric8.kubernetes.api.model.LabelSelector model) {
        Map<String, String> matchLabels = model.getMatchLabels() == null ? Map.of() : model.getMatchLabels();
        List<LabelSelectorRequirement> expressions = model.getMatchExpressions() == null ? List.of() : model.getMatchExpressions();
        if (matchLabels.isEmpty() && expressions.isEmpty()) return EVERYTHING;
        List<LabelRequirement> requirements = new ArrayList<>();
        matchLabels.forEach((k, v) -> requirements.add(LabelRequirement.of(k, LabelOperator.EQUALS, List.of(v == null ? "" : v))));
        for (LabelSelectorRequirement e : expressions) {
            LabelOperator op = switch (e.getOperator() == null ? "" : e.getOperator()) {
                case "In" -> LabelOperator.IN;
                case "NotIn" -> LabelOperator.NOT_IN;
                case "Exists" -> LabelOperator.EXISTS;
                case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
                default -> throw StatusException.badRequest("\"" + e.getOperator() + "\" is not a valid label selector operator");
            };
            requirements.add(LabelRequirement.of(e.getKey() == null ? "" : e.getKey(), op, e.getValues() == null ? List.of() : e.getValues()));
        }
        return new LabelSelector(sortedByKey(requirements), false);
    }

    /** As {@link #fromModel(io.fabric8.kubernetes.api.model.LabelSelector)} for a selector held as a tree (absent or JSON null: nothing). */
    public static LabelSelector fromTree(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) return NOTHING;
        return fromModel(dev.beluga.api.codec.Json.MAPPER.convertValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    public boolean matches(Map<String, String> labels) {
        return matches((Function<String, String>) labels::get);
    }

    /** Matches the object's {@code metadata.labels}. */
    public boolean matches(JsonNode object) {
        if (nothing) return false;
        if (requirements.isEmpty()) return true;
        JsonNode labels = object.path("metadata").path("labels");
        return matches((Function<String, String>) key -> {
            JsonNode v = labels.get(key);
            return v == null || v.isNull() ? null : v.asText();
        });
    }

    private boolean matches(Function<String, String> labels) {
        if (nothing) return false;
        for (LabelRequirement r : requirements) {
            if (!r.matches(labels)) return false;
        }
        return true;
    }

    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }

    public boolean isNothing() {
        return nothing;
    }

    public List<LabelRequirement> requirements() {
        return requirements;
    }

    /** Upstream's canonical form: requirements sorted by key, comma-separated; "" for everything and nothing. */
    @Override
    public String toString() {
        return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && other.nothing == nothing && other.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + (nothing ? 1 : 0);
    }

    private static List<LabelRequirement> sortedByKey(List<LabelRequirement> requirements) {
        List<LabelRequirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(LabelRequirement::key));
        return List.copyOf(sorted);
    }
}

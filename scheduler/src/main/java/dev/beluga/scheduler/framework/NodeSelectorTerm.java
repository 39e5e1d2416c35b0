package dev.beluga.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed node selector term (upstream's nodeaffinity nodeSelectorTerm): its label expressions and
 * field expressions must all hold. A term with no expressions selects nothing, and so does a term
 * upstream would fail to parse (an unknown operator, Gt/Lt without exactly one integer, a field other
 * than metadata.name): upstream's lazy-error selector matches no node in that case.
 */
public record NodeSelectorTerm(List<Requirement> labels, List<Requirement> fields, boolean valid) {

    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT }

    /** key op values; for Gt/Lt {@code bound} is the one value as an integer. */
    public record Requirement(String key, Operator op, Set<String> values, long bound) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case IN -> v != null && values.contains(v);
                case NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
                case GT, LT -> {
                    if (v == null) yield false;
                    long n;
                    try {
                        n = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        yield false;
                    }
                    yield op == Operator.GT ? n > bound : n < bound;
                }
            };
        }
    }

    public static NodeSelectorTerm parse(io.fabric8.kubernetes.api.model.NodeSelectorTerm term) {
        List<NodeSelectorRequirement> expressions = PodRequests.list(term.getMatchExpressions());
        List<NodeSelectorRequirement> fieldExpressions = PodRequests.list(term.getMatchFields());
        List<Requirement> labels = new ArrayList<>();
        List<Requirement> fields = new ArrayList<>();
        boolean valid = !(expressions.isEmpty() && fieldExpressions.isEmpty());
        for (NodeSelectorRequirement r : expressions) {
            Requirement parsed = requirement(r, false);
            if (parsed == null) valid = false;
            else labels.add(parsed);
        }
        for (NodeSelectorRequirement r : fieldExpressions) {
            Requirement parsed = requirement(r, true);
            if (parsed == null || !"metadata.name".equals(parsed.key())) valid = false;
            else fields.add(parsed);
        }
        return new NodeSelectorTerm(List.copyOf(labels), List.copyOf(fields), valid);
    }

    private static Requirement requirement(NodeSelectorRequirement r, boolean field) {
        List<String> values = PodRequests.list(r.getValues());
        String key = r.getKey() == null ? "" : r.getKey();
        Operator op = switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            case "Gt" -> Operator.GT;
            case "Lt" -> Operator.LT;
            default -> null;
        };
        if (op == null) return null;
        // Fields support only In/NotIn with one value, as upstream's field selector conversion.
        if (field && ((op != Operator.IN && op != Operator.NOT_IN) || values.size() != 1)) return null;
        long bound = 0;
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) return null;
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) return null;
            }
            case GT, LT -> {
                if (values.size() != 1) return null;
                try {
                    bound = Long.parseLong(values.getFirst());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return new Requirement(key, op, Set.copyOf(values), bound);
    }

    public boolean matches(Node node, Map<String, String> nodeLabels) {
        if (!valid) return false;
        for (Requirement r : labels) if (!r.matches(nodeLabels)) return false;
        if (!fields.isEmpty()) {
            Map<String, String> nodeFields = Map.of("metadata.name", node.getMetadata().getName());
            for (Requirement r : fields) if (!r.matches(nodeFields)) return false;
        }
        return true;
    }
}

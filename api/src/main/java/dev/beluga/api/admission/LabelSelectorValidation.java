package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Upstream's ValidateLabelSelector (strict values) and selector matching for workload templates. */
final class LabelSelectorValidation {
    private LabelSelectorValidation() {}

    static void validate(LabelSelector s, String path, List<FieldError> errs) {
        ObjectMetaValidation.validateLabels(s.getMatchLabels(), path + ".matchLabels", errs);
        List<LabelSelectorRequirement> exprs = PodSpecDefaults.list(s.getMatchExpressions());
        for (int i = 0; i < exprs.size(); i++) {
            LabelSelectorRequirement r = exprs.get(i);
            String idx = path + ".matchExpressions[" + i + "]";
            String op = r.getOperator() == null ? "" : r.getOperator();
            List<String> values = PodSpecDefaults.list(r.getValues());
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) errs.add(FieldError.required(idx + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) errs.add(FieldError.forbidden(idx + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
                default -> errs.add(FieldError.invalid(idx + ".operator", op, "not a valid selector operator"));
            }
            String key = r.getKey() == null ? "" : r.getKey();
            for (String msg : NameValidation.qualifiedName(key)) errs.add(FieldError.invalid(idx + ".key", key, msg));
            for (int v = 0; v < values.size(); v++) {
                for (String msg : NameValidation.labelValue(values.get(v))) errs.add(FieldError.invalid(idx + ".values[" + v + "]", values.get(v), msg));
            }
        }
    }

    static boolean isEmpty(LabelSelector s) {
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty()) && PodSpecDefaults.list(s.getMatchExpressions()).isEmpty();
    }

    static boolean matches(LabelSelector s, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (s.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : s.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) return false;
            }
        }
        for (LabelSelectorRequirement r : PodSpecDefaults.list(s.getMatchExpressions())) {
            String value = l.get(r.getKey());
            List<String> values = PodSpecDefaults.list(r.getValues());
            boolean ok = switch (r.getOperator() == null ? "" : r.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    /** Go's %#v of a v1.LabelSelector, as upstream prints it in "field is immutable". */
    static GoValue render(LabelSelector s) {
        if (s == null) return new GoValue("null");
        StringBuilder sb = new StringBuilder("v1.LabelSelector{MatchLabels:").append(GoValue.goMap(s.getMatchLabels())).append(", MatchExpressions:");
        List<LabelSelectorRequirement> exprs = PodSpecDefaults.list(s.getMatchExpressions());
        if (exprs.isEmpty()) {
            sb.append("[]v1.LabelSelectorRequirement(nil)");
        } else {
            sb.append("[]v1.LabelSelectorRequirement{");
            for (int i = 0; i < exprs.size(); i++) {
                LabelSelectorRequirement r = exprs.get(i);
                if (i > 0) sb.append(", ");
                sb.append("v1.LabelSelectorRequirement{Key:\"").append(r.getKey()).append("\", Operator:\"").append(r.getOperator())
                        .append("\", Values:[]string{");
                List<String> values = PodSpecDefaults.list(r.getValues());
                for (int v = 0; v < values.size(); v++) sb.append(v > 0 ? ", " : "").append('"').append(values.get(v)).append('"');
                sb.append("}}");
            }
            sb.append('}');
        }
        return new GoValue(sb.append('}').toString());
    }
}

package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import java.util.List;

/** Condition status values every kind shares. */
final class StatusConditions {
    static final List<String> VALUES = List.of("True", "False", "Unknown");

    private StatusConditions() {}

    /** statuses: each condition's status, in order. */
    static void validate(List<String> statuses, String path, List<FieldError> errs) {
        for (int i = 0; i < statuses.size(); i++) {
            String s = statuses.get(i);
            if (s == null || s.isEmpty()) {
                errs.add(FieldError.required(path + "[" + i + "].status", ""));
            } else if (!VALUES.contains(s)) {
                errs.add(FieldError.notSupported(path + "[" + i + "].status", s, VALUES));
            }
        }
    }
}

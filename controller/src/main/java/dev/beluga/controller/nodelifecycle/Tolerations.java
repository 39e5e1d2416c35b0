package dev.beluga.controller.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Upstream's Toleration.ToleratesTaint. */
public final class Tolerations {
    private Tolerations() {}

    /**
     * An empty effect matches every effect, an empty key (with Exists) every key; Exists ignores the
     * value, Equal (the default) compares it.
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) return false;
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) return false;
        String op = t.getOperator() == null ? "" : t.getOperator();
        return switch (op) {
            case "", "Equal" -> Objects.equals(emptyIfNull(t.getValue()), emptyIfNull(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    /** The first of {@code tolerations} that tolerates the taint. */
    public static Optional<Toleration> firstTolerating(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) return Optional.empty();
        return tolerations.stream().filter(t -> tolerates(t, taint)).findFirst();
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}

package dev.beluga.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Upstream's Toleration.ToleratesTaint and TolerationsTolerateTaint. */
public final class Tolerations {
    private Tolerations() {}

    public static boolean tolerates(Toleration t, Taint taint) {
        if (!isEmpty(t.getEffect()) && !t.getEffect().equals(taint.getEffect())) return false;
        if (!isEmpty(t.getKey()) && !t.getKey().equals(taint.getKey())) return false;
        String op = t.getOperator() == null ? "" : t.getOperator();
        return switch (op) {
            case "", "Equal" -> nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) if (tolerates(t, taint)) return true;
        return false;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

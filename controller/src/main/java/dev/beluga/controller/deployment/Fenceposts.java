package dev.beluga.controller.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * maxSurge and maxUnavailable as numbers of pods (upstream's ResolveFenceposts, MaxSurge,
 * MaxUnavailable): percentages of spec.replicas, surge rounded up and unavailable down; when both come
 * to zero, one pod may be unavailable so the rollout can move at all.
 */
public final class Fenceposts {
    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String RECREATE = "Recreate";

    private Fenceposts() {}

    public record Resolved(int maxSurge, int maxUnavailable) {}

    public static Resolved resolve(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaled(maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return new Resolved(surge, unavailable);
    }

    /** intstr.GetScaledValueFromIntOrPercent (an absent value is 0). */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) return 0;
        if (value.getIntVal() != null) return value.getIntVal();
        String s = value.getStrVal();
        if (s == null) return 0;
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        double v = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }

    public static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() != null && ROLLING_UPDATE.equals(d.getSpec().getStrategy().getType());
    }

    public static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    /** Pods a rolling update may run above spec.replicas; 0 for Recreate. */
    public static int maxSurge(Deployment d) {
        if (!isRollingUpdate(d)) return 0;
        RollingUpdateDeployment ru = rollingUpdate(d);
        return resolve(ru.getMaxSurge(), ru.getMaxUnavailable(), replicas(d)).maxSurge();
    }

    /** Pods a rolling update may have unavailable, at most spec.replicas; 0 for Recreate or no replicas. */
    public static int maxUnavailable(Deployment d) {
        int replicas = replicas(d);
        if (!isRollingUpdate(d) || replicas == 0) return 0;
        RollingUpdateDeployment ru = rollingUpdate(d);
        return Math.min(replicas, resolve(ru.getMaxSurge(), ru.getMaxUnavailable(), replicas).maxUnavailable());
    }

    private static RollingUpdateDeployment rollingUpdate(Deployment d) {
        RollingUpdateDeployment ru = d.getSpec().getStrategy().getRollingUpdate();
        return ru == null ? new RollingUpdateDeployment() : ru;
    }
}

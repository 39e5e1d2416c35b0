package dev.beluga.kubelet.pod;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes' metav1.Time text form: RFC 3339 in UTC, whole seconds. */
public final class Times {
    private Times() {}

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

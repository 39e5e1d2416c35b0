package dev.beluga.controller.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A StatefulSet pod's identity as its name carries it: {@code <set>-<ordinal>}. Upstream's
 * getParentNameAndOrdinal: the ordinal is the trailing run of digits (a 32-bit value), the parent
 * everything before the last dash in front of it.
 */
record PodOrdinal(String parent, int ordinal) {
    private static final Pattern NAME = Pattern.compile("(.*)-([0-9]+)$");

    static Optional<PodOrdinal> of(String podName) {
        Matcher m = NAME.matcher(podName == null ? "" : podName);
        if (!m.matches()) return Optional.empty();
        try {
            return Optional.of(new PodOrdinal(m.group(1), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    static Optional<PodOrdinal> of(Pod pod) {
        return of(pod.getMetadata().getName());
    }

    /** The pod's ordinal, or -1 when its name carries none (upstream's getOrdinal). */
    static int ordinalOf(Pod pod) {
        return of(pod).map(PodOrdinal::ordinal).orElse(-1);
    }

    /** Upstream's isMemberOf: the name says the pod belongs to the set. */
    static boolean isMemberOf(String setName, Pod pod) {
        return of(pod).map(o -> o.parent().equals(setName)).orElse(false);
    }

    static String podName(String setName, int ordinal) {
        return setName + "-" + ordinal;
    }
}

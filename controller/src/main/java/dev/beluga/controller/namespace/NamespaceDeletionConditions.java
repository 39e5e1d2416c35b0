package dev.beluga.controller.namespace;

import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status conditions upstream's namespace deleter reports on a terminating namespace (what
 * {@code kubectl describe namespace} shows while it waits), computed from a {@link ContentReport}.
 * Discovery and group-version parsing cannot fail here (the served kinds are known), so those two
 * always read False with upstream's ok reasons.
 */
public final class NamespaceDeletionConditions {
    public static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    public static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    public static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    public static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    public static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private NamespaceDeletionConditions() {}

    /**
     * The conditions after this pass: each of upstream's five, keeping its lastTransitionTime when
     * its status did not change; other condition types already present are kept as they are.
     */
    public static List<NamespaceCondition> compute(List<NamespaceCondition> current, ContentReport report, Instant now) {
        List<NamespaceCondition> wanted = List.of(
                condition(DISCOVERY_FAILURE, false, "ResourcesDiscovered", "All resources successfully discovered"),
                condition(GROUP_VERSION_PARSING_FAILURE, false, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
                report.failures().isEmpty()
                        ? condition(CONTENT_FAILURE, false, "ContentDeleted", "All content successfully deleted, may be waiting on finalization")
                        : condition(CONTENT_FAILURE, true, "ContentDeletionFailed", "Failed to delete all resource types, "
                                + report.failures().size() + " remaining: " + String.join(", ", report.failures())),
                remainingCondition(report.remaining()),
                finalizersCondition(report.finalizers()));
        String at = Times.format(now);
        List<NamespaceCondition> out = new ArrayList<>();
        for (NamespaceCondition c : current == null ? List.<NamespaceCondition>of() : current) {
            if (wanted.stream().noneMatch(w -> w.getType().equals(c.getType()))) out.add(c);
        }
        for (NamespaceCondition w : wanted) {
            NamespaceCondition before = current == null ? null : current.stream().filter(c -> w.getType().equals(c.getType())).findFirst().orElse(null);
            boolean sameStatus = before != null && Objects.equals(before.getStatus(), w.getStatus());
            w.setLastTransitionTime(sameStatus && before.getLastTransitionTime() != null ? before.getLastTransitionTime() : at);
            out.add(w);
        }
        return out;
    }

    private static NamespaceCondition remainingCondition(Map<String, Integer> remaining) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(remaining).forEach((resource, n) -> {
            if (n > 0) parts.add(resource + " has " + n + " resource instances");
        });
        return parts.isEmpty()
                ? condition(CONTENT_REMAINING, false, "ContentRemoved", "All content successfully removed")
                : condition(CONTENT_REMAINING, true, "SomeResourcesRemain", "Some resources are remaining: " + String.join(", ", parts));
    }

    private static NamespaceCondition finalizersCondition(Map<String, Integer> finalizers) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(finalizers).forEach((finalizer, n) -> {
            if (n > 0) parts.add(finalizer + " in " + n + " resource instances");
        });
        return parts.isEmpty()
                ? condition(FINALIZERS_REMAINING, false, "ContentHasNoFinalizers", "All content-preserving finalizers finished")
                : condition(FINALIZERS_REMAINING, true, "SomeFinalizersRemain",
                        "Some content in the namespace has finalizers remaining: " + String.join(", ", parts));
    }

    private static NamespaceCondition condition(String type, boolean status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason).withMessage(message).build();
    }

    /** Whether two condition lists say the same (ignoring order). */
    public static boolean same(List<NamespaceCondition> a, List<NamespaceCondition> b) {
        List<NamespaceCondition> x = a == null ? List.of() : a;
        List<NamespaceCondition> y = b == null ? List.of() : b;
        return x.size() == y.size() && x.containsAll(y);
    }
}

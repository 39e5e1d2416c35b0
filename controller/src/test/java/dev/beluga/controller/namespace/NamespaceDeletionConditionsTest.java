package dev.beluga.controller.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceDeletionConditionsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:30Z");

    private static NamespaceCondition find(List<NamespaceCondition> cs, String type) {
        return cs.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void remainingContentAndFinalizersAreSpelledAsUpstream() {
        ContentReport report = new ContentReport(Map.of("pods.", 2, "replicasets.apps", 1, "configmaps.", 0), Map.of("example.com/keep", 1), List.of());
        List<NamespaceCondition> cs = NamespaceDeletionConditions.compute(List.of(), report, T0);
        assertThat(cs).extracting(NamespaceCondition::getType).containsExactly(
                "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure",
                "NamespaceContentRemaining", "NamespaceFinalizersRemaining");
        NamespaceCondition remaining = find(cs, "NamespaceContentRemaining");
        assertThat(remaining.getStatus()).isEqualTo("True");
        assertThat(remaining.getReason()).isEqualTo("SomeResourcesRemain");
        assertThat(remaining.getMessage()).isEqualTo("Some resources are remaining: pods. has 2 resource instances, replicasets.apps has 1 resource instances");
        NamespaceCondition finalizers = find(cs, "NamespaceFinalizersRemaining");
        assertThat(finalizers.getMessage()).isEqualTo("Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances");
        assertThat(find(cs, "NamespaceDeletionContentFailure").getStatus()).isEqualTo("False");
        assertThat(find(cs, "NamespaceDeletionContentFailure").getReason()).isEqualTo("ContentDeleted");
        assertThat(remaining.getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(report.empty()).isFalse();
    }

    @Test
    void transitionTimesMoveOnlyWhenTheStatusChanges() {
        List<NamespaceCondition> first = NamespaceDeletionConditions.compute(List.of(),
                new ContentReport(Map.of("pods.", 1), Map.of(), List.of()), T0);
        ContentReport done = new ContentReport(Map.of("pods.", 0), Map.of(), List.of());
        List<NamespaceCondition> second = NamespaceDeletionConditions.compute(first, done, T1);
        assertThat(find(second, "NamespaceContentRemaining").getStatus()).isEqualTo("False");
        assertThat(find(second, "NamespaceContentRemaining").getMessage()).isEqualTo("All content successfully removed");
        assertThat(find(second, "NamespaceContentRemaining").getLastTransitionTime()).isEqualTo("2024-05-01T10:00:30Z");
        assertThat(find(second, "NamespaceDeletionDiscoveryFailure").getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(NamespaceDeletionConditions.same(second, NamespaceDeletionConditions.compute(second, done, T1.plusSeconds(5)))).isTrue();
        assertThat(NamespaceDeletionConditions.same(first, second)).isFalse();
        assertThat(done.empty()).isTrue();
    }

    @Test
    void failuresAndForeignConditions() {
        NamespaceCondition foreign = new NamespaceConditionBuilder().withType("Custom").withStatus("True").build();
        List<NamespaceCondition> cs = NamespaceDeletionConditions.compute(List.of(foreign),
                new ContentReport(Map.of(), Map.of(), List.of("pods.: boom")), T0);
        assertThat(cs).contains(foreign);
        NamespaceCondition failure = find(cs, "NamespaceDeletionContentFailure");
        assertThat(failure.getStatus()).isEqualTo("True");
        assertThat(failure.getReason()).isEqualTo("ContentDeletionFailed");
        assertThat(failure.getMessage()).isEqualTo("Failed to delete all resource types, 1 remaining: pods.: boom");
        assertThat(new ContentReport(Map.of(), Map.of(), List.of("x")).empty()).isFalse();
    }
}

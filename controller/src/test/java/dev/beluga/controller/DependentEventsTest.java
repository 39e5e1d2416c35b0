package dev.beluga.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.selection.LabelSelector;
import dev.beluga.client.informer.Lister;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which owners a dependent's events reach: {@link OwnerLookup} and {@link DependentEvents} over a fixed cache. */
class DependentEventsTest {
    private final ReplicaSet web = rs("web", "uid-web", Map.of("app", "web"));
    private final ReplicaSet other = rs("other", "uid-other", Map.of("app", "other"));
    private final ReplicaSet everything = rs("everything", "uid-everything", Map.of());
    private final ReplicaSet invalid = new ReplicaSetBuilder(rs("invalid", "uid-invalid", Map.of())).editSpec()
            .withSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("app").withOperator("Near").endMatchExpression().build())
            .endSpec().build();
    private final ReplicaSet elsewhere = new ReplicaSetBuilder(rs("web", "uid-elsewhere", Map.of("app", "web"))).editMetadata().withNamespace("other-ns").endMetadata().build();
    private final OwnerLookup<ReplicaSet> owners = new OwnerLookup<>(new FixedLister(List.of(web, other, everything, invalid, elsewhere)),
            "apps", "ReplicaSet", rs -> rs.getSpec().getSelector());
    private final List<String> enqueued = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();

    private static ReplicaSet rs(String name, String uid, Map<String, String> selector) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(uid).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(selector).endSelector().endSpec().build();
    }

    private static Pod pod(String resourceVersion, Map<String, String> labels, ReplicaSet controller) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("pod-uid")
                .withResourceVersion(resourceVersion).withLabels(labels).endMetadata();
        if (controller != null) b.editMetadata().withOwnerReferences(ControllerRefs.newControllerRef(controller)).endMetadata();
        return b.build();
    }

    private static Pod deleting(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2025-03-01T12:00:00Z").endMetadata().build();
    }

    private void enqueue(ReplicaSet rs) {
        enqueued.add(rs.getMetadata().getName());
    }

    private DependentEvents<ReplicaSet, Pod> plain() {
        return DependentEvents.enqueueing(owners, this::enqueue);
    }

    private DependentEvents<ReplicaSet, Pod> observing() {
        return DependentEvents.observed(owners, this::enqueue, new DependentEvents.Observer<>() {
            @Override
            public void added(ReplicaSet owner, Pod dependent) {
                observed.add("added " + owner.getMetadata().getName());
            }

            @Override
            public void updated(ReplicaSet owner, Pod previous, Pod current) {
                observed.add("updated " + owner.getMetadata().getName());
            }

            @Override
            public void deleted(ReplicaSet owner, Pod dependent) {
                observed.add("deleted " + owner.getMetadata().getName());
            }
        });
    }

    @Test
    void aControllerReferenceResolvesOnlyToThatVeryOwner() {
        var ref = ControllerRefs.newControllerRef(web);
        assertThat(owners.resolve("ns", ref)).contains(web);
        assertThat(owners.resolve("other-ns", ref)).as("a namesake elsewhere has another uid").isEmpty();
        assertThat(owners.resolve("ns", new OwnerReferenceBuilder(ref).withUid("uid-gone").build())).as("a successor under the name").isEmpty();
        assertThat(owners.resolve("ns", new OwnerReferenceBuilder(ref).withKind("StatefulSet").build())).isEmpty();
        assertThat(owners.resolve("ns", new OwnerReferenceBuilder(ref).withApiVersion("example.com/v1").build())).isEmpty();
    }

    @Test
    void anOrphanIsOfferedToOwnersWhoseSelectorTakesIt() {
        assertThat(owners.selecting(pod("1", Map.of("app", "web"), null))).containsExactly(web);
        assertThat(owners.selecting(pod("1", Map.of("app", "db"), null))).as("the empty and the invalid selector take nothing").isEmpty();
        assertThat(owners.selecting(pod("1", Map.of(), null))).isEmpty();
    }

    @Test
    void eventsOfAControlledDependentReachItsController() {
        DependentEvents<ReplicaSet, Pod> events = plain();
        Pod v1 = pod("1", Map.of("app", "web"), web);
        events.onAdd(v1);
        events.onUpdate(v1, pod("2", Map.of("app", "web"), web));
        events.onDelete(v1);
        assertThat(enqueued).containsExactly("web", "web", "web");
    }

    @Test
    void anOrphanReachesTheOwnersThatWouldAdoptItWhenItAppearsOrItsLabelsChange() {
        DependentEvents<ReplicaSet, Pod> events = plain();
        Pod v1 = pod("1", Map.of("app", "web"), null);
        events.onAdd(v1);
        events.onUpdate(v1, pod("2", Map.of("app", "web"), null));
        assertThat(enqueued).as("nothing new to adopt on an unchanged orphan").containsExactly("web");
        events.onUpdate(v1, pod("3", Map.of("app", "other"), null));
        events.onDelete(pod("3", Map.of("app", "other"), null));
        assertThat(enqueued).containsExactly("web", "other");
    }

    @Test
    void aResyncWithTheSameVersionReachesNobody() {
        Pod v1 = pod("1", Map.of("app", "web"), web);
        plain().onUpdate(v1, v1);
        assertThat(enqueued).isEmpty();
    }

    @Test
    void aChangedControllerReachesTheOldOwnerAndTheNew() {
        plain().onUpdate(pod("1", Map.of("app", "web"), web), pod("2", Map.of("app", "web"), other));
        assertThat(enqueued).containsExactly("web", "other");
    }

    @Test
    void aReleasedDependentReachesItsOldOwnerAndThoseThatWouldAdoptIt() {
        plain().onUpdate(pod("1", Map.of("app", "web"), other), pod("2", Map.of("app", "web"), null));
        assertThat(enqueued).containsExactly("other", "web");
    }

    @Test
    void aDependentFirstSeenBeingDeletedIsADeletion() {
        DependentEvents<ReplicaSet, Pod> events = observing();
        events.onAdd(deleting(pod("1", Map.of("app", "web"), web)));
        events.onAdd(deleting(pod("1", Map.of("app", "web"), null)));
        assertThat(observed).containsExactly("deleted web");
        assertThat(enqueued).as("a deleting orphan is not offered for adoption").containsExactly("web");
    }

    @Test
    void theObserverHearsFirstOfWhatItsOwnDependentsDo() {
        DependentEvents<ReplicaSet, Pod> events = observing();
        Pod v1 = pod("1", Map.of("app", "web"), web);
        events.onAdd(v1);
        events.onUpdate(v1, pod("2", Map.of("app", "web"), web));
        events.onDelete(v1);
        events.onAdd(pod("1", Map.of("app", "web"), null));
        assertThat(observed).containsExactly("added web", "updated web", "deleted web");
        assertThat(enqueued).containsExactly("web", "web", "web", "web");
    }

    @Test
    void withExpectationsADependentMarkedForDeletionCountsAsDeletedAtOnce() {
        Pod before = pod("1", Map.of("app", "web"), web);
        observing().onUpdate(before, deleting(pod("2", Map.of("app", "web"), web)));
        assertThat(observed).containsExactly("deleted web");
        assertThat(enqueued).containsExactly("web");

        observed.clear();
        observing().onUpdate(before, deleting(pod("2", Map.of("app", "other"), web)));
        assertThat(observed).as("relabelled as it went: the state before counts as deleted too").containsExactly("deleted web", "deleted web");

        enqueued.clear();
        plain().onUpdate(before, deleting(pod("2", Map.of("app", "web"), other)));
        assertThat(enqueued).as("without expectations, an update as any other").containsExactly("web", "other");
    }

    /** A cache holding fixed objects, looked up by namespace and name. */
    private record FixedLister(List<ReplicaSet> objects) implements Lister<ReplicaSet> {
        @Override
        public Optional<ReplicaSet> get(String namespace, String name) {
            return list(namespace).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        @Override
        public List<ReplicaSet> list() {
            return objects;
        }

        @Override
        public List<ReplicaSet> list(String namespace) {
            return objects.stream().filter(o -> o.getMetadata().getNamespace().equals(namespace)).toList();
        }

        @Override
        public List<ReplicaSet> list(String namespace, LabelSelector selector) {
            return list(namespace).stream().filter(o -> selector.matches(ControllerRefs.labelsOf(o))).toList();
        }

        @Override
        public List<ReplicaSet> byIndex(String index, String value) {
            throw new IllegalArgumentException("no index " + index);
        }
    }
}

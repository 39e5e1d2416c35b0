package dev.beluga.controller.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Kind;
import dev.beluga.controller.garbagecollector.GarbageCollection.Dependent;
import dev.beluga.controller.garbagecollector.GarbageCollection.Item;
import dev.beluga.controller.garbagecollector.GarbageCollection.Owner;
import dev.beluga.controller.garbagecollector.GarbageCollection.OwnerState;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GarbageCollectionTest {
    private static final OwnerReference RS_A = ref("rs-a", "uid-a", true);
    private static final OwnerReference RS_B = ref("rs-b", "uid-b", false);

    private static OwnerReference ref(String name, String uid, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(block).build();
    }

    private static Pod pod(List<OwnerReference> owners, boolean deleting, String... finalizers) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("uid-p")
                .withOwnerReferences(owners).withFinalizers(finalizers.length == 0 ? null : List.of(finalizers))
                .withDeletionTimestamp(deleting ? "2024-01-01T00:00:00Z" : null).endMetadata().build();
    }

    private static Dependent dependent(String name, boolean blocks, boolean deletingDependents, boolean beingDeleted) {
        return new Dependent(new ObjectIdentity(Kind.PODS, "ns", name, "uid-" + name), blocks, deletingDependents, beingDeleted);
    }

    @Test
    void objectWithoutOwnersOrBeingDeletedPlainlyIsLeftAlone() {
        assertThat(GarbageCollection.decide(new Item(pod(List.of(), false), List.of(), List.of()))).isEmpty();
        assertThat(GarbageCollection.decide(new Item(pod(List.of(RS_A), true), List.of(), List.of(dependent("d", true, false, false))))).isEmpty();
    }

    @Test
    void aSolidOwnerKeepsTheObject() {
        Pod p = pod(List.of(RS_A), false);
        assertThat(GarbageCollection.decide(new Item(p, List.of(new Owner(RS_A, OwnerState.SOLID)), List.of()))).isEmpty();
    }

    @Test
    void allOwnersGoneMeansBackgroundDeletion() {
        Pod p = pod(List.of(RS_A, RS_B), false);
        assertThat(GarbageCollection.decide(new Item(p, List.of(new Owner(RS_A, OwnerState.DANGLING), new Owner(RS_B, OwnerState.DANGLING)), List.of())))
                .containsExactly(new GcAction.Delete(GcAction.Propagation.BACKGROUND));
    }

    @Test
    void aSolidOwnerBesideGoneOrWaitingOnesOnlyDropsTheirReferences() {
        Pod p = pod(List.of(RS_A, RS_B), false);
        assertThat(GarbageCollection.decide(new Item(p, List.of(new Owner(RS_A, OwnerState.DANGLING), new Owner(RS_B, OwnerState.SOLID)), List.of())))
                .containsExactly(new GcAction.RemoveOwnerReferences(Set.of("uid-a")));
        assertThat(GarbageCollection.decide(new Item(p, List.of(new Owner(RS_A, OwnerState.DELETING_DEPENDENTS), new Owner(RS_B, OwnerState.SOLID)), List.of())))
                .containsExactly(new GcAction.RemoveOwnerReferences(Set.of("uid-a")));
    }

    @Test
    void anOwnerWaitingInTheForegroundDeletesALeafInTheBackgroundAndAChainInTheForeground() {
        Pod p = pod(List.of(RS_A), false);
        List<Owner> waiting = List.of(new Owner(RS_A, OwnerState.DELETING_DEPENDENTS));
        assertThat(GarbageCollection.decide(new Item(p, waiting, List.of()))).containsExactly(new GcAction.Delete(GcAction.Propagation.BACKGROUND));
        assertThat(GarbageCollection.decide(new Item(p, waiting, List.of(dependent("child", true, false, false)))))
                .containsExactly(new GcAction.Delete(GcAction.Propagation.FOREGROUND));
    }

    @Test
    void aPossibleCycleUnblocksReferencesBeforeTheForegroundDelete() {
        Pod p = pod(List.of(RS_A), false);
        assertThat(GarbageCollection.decide(new Item(p, List.of(new Owner(RS_A, OwnerState.DELETING_DEPENDENTS)),
                List.of(dependent("child", true, true, true)))))
                .containsExactly(new GcAction.UnblockOwnerReferences(), new GcAction.Delete(GcAction.Propagation.FOREGROUND));
    }

    @Test
    void finalizersAlreadyOnTheObjectChooseThePropagation() {
        Pod orphaning = pod(List.of(RS_A), false, "orphan");
        assertThat(GarbageCollection.decide(new Item(orphaning, List.of(new Owner(RS_A, OwnerState.DANGLING)), List.of())))
                .containsExactly(new GcAction.Delete(GcAction.Propagation.ORPHAN));
        Pod foreground = pod(List.of(RS_A), false, "foregroundDeletion");
        assertThat(GarbageCollection.decide(new Item(foreground, List.of(new Owner(RS_A, OwnerState.DANGLING)), List.of())))
                .containsExactly(new GcAction.Delete(GcAction.Propagation.FOREGROUND));
    }

    @Test
    void anUnresolvableOwnerStopsAnyDecision() {
        Pod p = pod(List.of(RS_A, RS_B), false);
        assertThat(GarbageCollection.decide(new Item(p, List.of(new Owner(RS_A, OwnerState.UNRESOLVABLE), new Owner(RS_B, OwnerState.DANGLING)), List.of())))
                .isEmpty();
    }

    @Test
    void orphanFinalizerReleasesDependentsThenItself() {
        Pod owner = pod(List.of(), true, "orphan");
        List<Dependent> deps = List.of(dependent("a", true, false, false), dependent("b", false, false, true));
        List<GcAction> actions = GarbageCollection.decide(new Item(owner, List.of(), deps));
        assertThat(actions).containsExactly(
                new GcAction.OrphanDependents(List.of(deps.get(0).identity(), deps.get(1).identity())),
                new GcAction.RemoveFinalizer("orphan"));
        assertThat(GarbageCollection.decide(new Item(owner, List.of(), List.of()))).containsExactly(new GcAction.RemoveFinalizer("orphan"));
    }

    @Test
    void foregroundOwnerWaitsForBlockingDependentsOnly() {
        Pod owner = pod(List.of(), true, "foregroundDeletion");
        Dependent blocking = dependent("blocking", true, false, false);
        Dependent terminating = dependent("terminating", true, false, true);
        Dependent loose = dependent("loose", false, false, false);

        assertThat(GarbageCollection.decide(new Item(owner, List.of(), List.of(blocking, loose))))
                .containsExactly(new GcAction.Revisit(List.of(blocking.identity(), loose.identity())));
        // A blocking dependent still terminating (a pod in its grace period) keeps the owner waiting, with nothing to do.
        assertThat(GarbageCollection.decide(new Item(owner, List.of(), List.of(terminating)))).isEmpty();
        // Only non-blocking dependents left: they are asked to go, and the owner goes without waiting.
        assertThat(GarbageCollection.decide(new Item(owner, List.of(), List.of(loose))))
                .containsExactly(new GcAction.Revisit(List.of(loose.identity())), new GcAction.RemoveFinalizer("foregroundDeletion"));
        assertThat(GarbageCollection.decide(new Item(owner, List.of(), List.of()))).containsExactly(new GcAction.RemoveFinalizer("foregroundDeletion"));
    }

    @Test
    void helpersReadTheDeletionState() {
        Pod plain = pod(new ArrayList<>(List.of(RS_A)), false);
        Pod foreground = pod(List.of(), true, "foregroundDeletion");
        Pod orphan = pod(List.of(), true, "orphan");
        assertThat(GarbageCollection.ownersMatter(plain)).isTrue();
        assertThat(GarbageCollection.ownersMatter(pod(List.of(RS_A), true))).isFalse();
        assertThat(GarbageCollection.deletingDependents(foreground)).isTrue();
        assertThat(GarbageCollection.deletingDependents(orphan)).isFalse();
        assertThat(GarbageCollection.awaitsCollector(orphan)).isTrue();
        assertThat(GarbageCollection.awaitsCollector(pod(List.of(), true))).isFalse();
    }
}

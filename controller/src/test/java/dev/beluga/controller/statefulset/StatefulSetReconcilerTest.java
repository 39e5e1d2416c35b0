package dev.beluga.controller.statefulset;

import static dev.beluga.controller.statefulset.StatefulSetFixtures.NOW;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.UID;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.name;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.pod;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.ready;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.readySince;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.revision;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.set;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.status;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.terminating;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.controller.statefulset.StatefulSetAction.AdoptPod;
import dev.beluga.controller.statefulset.StatefulSetAction.AdoptRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.CreatePod;
import dev.beluga.controller.statefulset.StatefulSetAction.CreateRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.DeletePod;
import dev.beluga.controller.statefulset.StatefulSetAction.DeleteReason;
import dev.beluga.controller.statefulset.StatefulSetAction.DeleteRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.ReleasePod;
import dev.beluga.controller.statefulset.StatefulSetAction.RenumberRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.RequeueAfter;
import dev.beluga.controller.statefulset.StatefulSetAction.RestorePodIdentity;
import dev.beluga.controller.statefulset.StatefulSetAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatefulSetReconcilerTest {

    private static List<StatefulSetAction> reconcile(StatefulSet set, List<ControllerRevision> revisions, List<Pod> pods) {
        return StatefulSetReconciler.reconcile(set, revisions, pods, NOW);
    }

    private static <A extends StatefulSetAction> List<A> only(List<StatefulSetAction> actions, Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Pod actions (create, delete, identity) in order, as "create web-0" / "delete web-2 UPDATE". */
    private static List<String> podActions(List<StatefulSetAction> actions) {
        return actions.stream().<String>mapMulti((a, out) -> {
            switch (a) {
                case CreatePod c -> out.accept("create " + c.pod().getMetadata().getName());
                case DeletePod d -> out.accept("delete " + d.pod().getMetadata().getName() + " " + d.reason());
                case RestorePodIdentity r -> out.accept("restore " + r.pod().getMetadata().getName());
                default -> { }
            }
        }).toList();
    }

    private static StatefulSetStatus statusOf(List<StatefulSetAction> actions) {
        List<UpdateStatus> updates = only(actions, UpdateStatus.class);
        assertThat(updates).hasSize(1);
        return updates.getFirst().status();
    }

    /** The status after the pass: the one written, or the set's own when it already was right. */
    private static StatefulSetStatus statusAfter(StatefulSet set, List<StatefulSetAction> actions) {
        List<UpdateStatus> updates = only(actions, UpdateStatus.class);
        return updates.isEmpty() ? set.getStatus() : updates.getFirst().status();
    }

    /** A set of {@code replicas} at revision {@code rev} that has fully rolled out. */
    private static StatefulSet settled(int replicas, String image, ControllerRevision rev) {
        return withStatus(set(replicas, image), status(name(rev), name(rev), replicas, replicas, replicas, replicas));
    }

    @Nested
    class FirstSync {
        @Test
        void createsTheFirstRevisionAndOnlyPodZero() {
            StatefulSet set = set(3, "nginx:1.25");
            List<StatefulSetAction> actions = reconcile(set, List.of(), List.of());

            List<CreateRevision> created = only(actions, CreateRevision.class);
            assertThat(created).hasSize(1);
            ControllerRevision rev = created.getFirst().revision();
            assertThat(rev.getRevision()).isEqualTo(1L);
            assertThat(rev.getMetadata().getName()).matches("web-[bcdfghjklmnpqrstvwxz2456789]+");
            assertThat(rev.getMetadata().getNamespace()).isEqualTo("default");
            assertThat(rev.getMetadata().getLabels()).containsEntry("app", "web")
                    .containsEntry("controller.kubernetes.io/hash", rev.getMetadata().getName().substring(4));
            assertThat(rev.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("StatefulSet");
                assertThat(o.getApiVersion()).isEqualTo("apps/v1");
                assertThat(o.getUid()).isEqualTo(UID);
                assertThat(o.getController()).isTrue();
                assertThat(o.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(RevisionData.canonical(rev.getData())).isEqualTo(RevisionData.patchOf(set));

            assertThat(podActions(actions)).containsExactly("create web-0");
            StatefulSetStatus status = statusOf(actions);
            assertThat(status.getReplicas()).isZero();
            assertThat(status.getCurrentRevision()).isEqualTo(name(rev));
            assertThat(status.getUpdateRevision()).isEqualTo(name(rev));
            assertThat(status.getObservedGeneration()).isEqualTo(1L);
            assertThat(status.getCollisionCount()).isZero();
            // the revision is created before the pod that carries its name
            assertThat(actions.indexOf(created.getFirst())).isLessThan(actions.indexOf(only(actions, CreatePod.class).getFirst()));
        }

        @Test
        void podCarriesIdentityRevisionAndOwner() {
            StatefulSet set = set(1, "nginx:1.25");
            List<StatefulSetAction> actions = reconcile(set, List.of(), List.of());
            CreatePod create = only(actions, CreatePod.class).getFirst();
            Pod pod = create.pod();
            String rev = only(actions, CreateRevision.class).getFirst().revision().getMetadata().getName();

            assertThat(create.ordinal()).isZero();
            assertThat(create.revision()).isEqualTo(rev);
            assertThat(pod.getMetadata().getName()).isEqualTo("web-0");
            assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
            assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
            assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web")
                    .containsEntry("controller-revision-hash", rev)
                    .containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                    .containsEntry("apps.kubernetes.io/pod-index", "0");
            assertThat(pod.getSpec().getHostname()).isEqualTo("web-0");
            assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
            assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1.25");
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getName()).isEqualTo("web");
                assertThat(o.getController()).isTrue();
                assertThat(o.getBlockOwnerDeletion()).isTrue();
            });
        }

        @Test
        void noServiceNameMeansNoSubdomain() {
            StatefulSet set = new StatefulSetBuilder(set(1, "nginx:1.25")).editSpec().withServiceName(null).endSpec().build();
            Pod pod = only(reconcile(set, List.of(), List.of()), CreatePod.class).getFirst().pod();
            assertThat(pod.getSpec().getSubdomain()).isNull();
        }

        @Test
        void ordinalsStartShiftsNames() {
            StatefulSet set = new StatefulSetBuilder(set(2, "nginx:1.25")).editSpec().withNewOrdinals(5).endSpec().build();
            assertThat(podActions(reconcile(set, List.of(), List.of()))).containsExactly("create web-5");
        }
    }

    @Nested
    class OrderedReady {
        final ControllerRevision rev = revision(set(3, "nginx:1.25"), 1);

        @Test
        void waitsForPodZeroToBeRunningAndReady() {
            StatefulSet set = withStatus(set(3, "nginx:1.25"), status(name(rev), name(rev), 1, 0, 1, 1));
            assertThat(podActions(reconcile(set, List.of(rev), List.of(pod(set, rev, 0, "Pending", false))))).isEmpty();
            assertThat(podActions(reconcile(set, List.of(rev), List.of(pod(set, rev, 0, "Running", false))))).isEmpty();
        }

        @Test
        void createsTheNextOnceThePreviousIsReady() {
            StatefulSet set = withStatus(set(3, "nginx:1.25"), status(name(rev), name(rev), 1, 1, 1, 1));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(ready(set, rev, 0)));
            assertThat(podActions(actions)).containsExactly("create web-1");
            assertThat(only(actions, CreateRevision.class)).isEmpty();
        }

        @Test
        void terminatingPodBlocksHigherOrdinals() {
            StatefulSet set = withStatus(set(3, "nginx:1.25"), status(name(rev), name(rev), 2, 1, 2, 2));
            List<Pod> pods = List.of(terminating(ready(set, rev, 0)), ready(set, rev, 1));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).isEmpty();
        }

        @Test
        void deletedPodIsRecreatedUnderItsName() {
            StatefulSet set = settled(3, "nginx:1.25", rev);
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(ready(set, rev, 0), ready(set, rev, 2)));
            assertThat(podActions(actions)).containsExactly("create web-1");
            assertThat(only(actions, CreatePod.class).getFirst().revision()).isEqualTo(name(rev));
            assertThat(statusOf(actions).getReplicas()).isEqualTo(2);
        }

        @Test
        void failedPodIsDeletedAndRecreatedOnceGone() {
            StatefulSet set = settled(2, "nginx:1.25", rev);
            List<Pod> pods = List.of(ready(set, rev, 0), pod(set, rev, 1, "Failed", false));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).containsExactly("delete web-1 FAILED");
            // still listed (terminating): nothing more
            assertThat(podActions(reconcile(set, List.of(rev), List.of(ready(set, rev, 0), terminating(pods.get(1)))))).isEmpty();
            // gone
            assertThat(podActions(reconcile(set, List.of(rev), List.of(ready(set, rev, 0))))).containsExactly("create web-1");
        }

        @Test
        void succeededPodIsRecreatedToo() {
            StatefulSet set = settled(1, "nginx:1.25", rev);
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(pod(set, rev, 0, "Succeeded", false)));
            assertThat(only(actions, DeletePod.class)).singleElement().extracting(DeletePod::reason).isEqualTo(DeleteReason.SUCCEEDED);
        }

        @Test
        void failedLowPodStopsThePass() {
            StatefulSet set = settled(3, "nginx:1.25", rev);
            List<Pod> pods = List.of(pod(set, rev, 0, "Failed", false), ready(set, rev, 1));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).containsExactly("delete web-0 FAILED");
        }
    }

    @Nested
    class ScaleDown {
        final ControllerRevision rev = revision(set(3, "nginx:1.25"), 1);

        @Test
        void removesTheHighestOrdinalFirstOneAtATime() {
            StatefulSet set = withStatus(set(1, "nginx:1.25"), status(name(rev), name(rev), 3, 3, 3, 3));
            List<Pod> pods = List.of(ready(set, rev, 0), ready(set, rev, 1), ready(set, rev, 2));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), pods);
            assertThat(podActions(actions)).containsExactly("delete web-2 SCALE_DOWN");

            List<Pod> next = List.of(ready(set, rev, 0), ready(set, rev, 1), terminating(ready(set, rev, 2)));
            assertThat(podActions(reconcile(set, List.of(rev), next))).isEmpty();

            assertThat(podActions(reconcile(set, List.of(rev), List.of(ready(set, rev, 0), ready(set, rev, 1)))))
                    .containsExactly("delete web-1 SCALE_DOWN");
        }

        @Test
        void anUnhealthyReplicaStopsScaleDown() {
            StatefulSet set = withStatus(set(1, "nginx:1.25"), status(name(rev), name(rev), 3, 2, 3, 3));
            List<Pod> pods = List.of(pod(set, rev, 0, "Running", false), ready(set, rev, 1), ready(set, rev, 2));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).isEmpty();
        }

        @Test
        void theFirstUnhealthyCondemnedPodMayGo() {
            StatefulSet set = withStatus(set(1, "nginx:1.25"), status(name(rev), name(rev), 3, 2, 3, 3));
            List<Pod> pods = List.of(ready(set, rev, 0), ready(set, rev, 1), pod(set, rev, 2, "Pending", false));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).containsExactly("delete web-2 SCALE_DOWN");
        }

        @Test
        void anUnhealthyCondemnedPodBelowWaits() {
            // web-1 is the first unhealthy: web-2 (healthy) goes first, then web-1 despite being unhealthy
            StatefulSet set = withStatus(set(1, "nginx:1.25"), status(name(rev), name(rev), 3, 2, 3, 3));
            List<Pod> pods = List.of(ready(set, rev, 0), pod(set, rev, 1, "Pending", false), ready(set, rev, 2));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).containsExactly("delete web-2 SCALE_DOWN");
            assertThat(podActions(reconcile(set, List.of(rev), pods.subList(0, 2)))).containsExactly("delete web-1 SCALE_DOWN");
        }

        @Test
        void toZero() {
            StatefulSet set = withStatus(set(0, "nginx:1.25"), status(name(rev), name(rev), 1, 1, 1, 1));
            assertThat(podActions(reconcile(set, List.of(rev), List.of(ready(set, rev, 0))))).containsExactly("delete web-0 SCALE_DOWN");
        }
    }

    @Nested
    class Parallel {
        final ControllerRevision rev = revision(set(3, "nginx:1.25"), 1);

        StatefulSet parallel(int replicas) {
            return new StatefulSetBuilder(withStatus(set(replicas, "nginx:1.25"), status(name(rev), name(rev), 0, 0, 0, 0)))
                    .editSpec().withPodManagementPolicy("Parallel").endSpec().build();
        }

        @Test
        void createsAllAtOnce() {
            assertThat(podActions(reconcile(parallel(3), List.of(rev), List.of()))).containsExactly("create web-0", "create web-1", "create web-2");
        }

        @Test
        void doesNotWaitForReadiness() {
            StatefulSet set = parallel(3);
            List<Pod> pods = List.of(pod(set, rev, 0, "Pending", false));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).containsExactly("create web-1", "create web-2");
        }

        @Test
        void deletesAllCondemnedAtOnce() {
            StatefulSet set = parallel(1);
            List<Pod> pods = List.of(ready(set, rev, 0), pod(set, rev, 1, "Pending", false), ready(set, rev, 2));
            assertThat(podActions(reconcile(set, List.of(rev), pods))).containsExactly("delete web-2 SCALE_DOWN", "delete web-1 SCALE_DOWN");
        }
    }

    @Nested
    class RollingUpdate {
        final StatefulSet v1 = set(3, "nginx:1.25");
        final ControllerRevision rev1 = revision(v1, 1);
        final ControllerRevision rev2 = revision(set(3, "nginx:1.26"), 2);

        /** The set now asks for nginx:1.26 and has seen both revisions. */
        StatefulSet updating(int partition, int currentReplicas, int updated) {
            StatefulSet s = set(3, "nginx:1.26");
            s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(partition);
            return withStatus(s, status(name(rev1), name(rev2), 3, 3, currentReplicas, updated));
        }

        @Test
        void aNewTemplateMakesTheNextRevisionAndReplacesTheHighestPod() {
            StatefulSet set = new StatefulSetBuilder(settled(3, "nginx:1.26", rev1)).build();
            List<Pod> pods = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), ready(v1, rev1, 2));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev1), pods);

            ControllerRevision created = only(actions, CreateRevision.class).getFirst().revision();
            assertThat(created.getRevision()).isEqualTo(2L);
            assertThat(created.getMetadata().getName()).isEqualTo(name(rev2)).isNotEqualTo(name(rev1));
            assertThat(podActions(actions)).containsExactly("delete web-2 UPDATE");
            StatefulSetStatus status = statusOf(actions);
            assertThat(status.getCurrentRevision()).isEqualTo(name(rev1));
            assertThat(status.getUpdateRevision()).isEqualTo(name(rev2));
            assertThat(status.getCurrentReplicas()).isEqualTo(2); // the pod being replaced no longer counts
            assertThat(status.getUpdatedReplicas()).isZero();
        }

        @Test
        void theReplacementComesBackAtTheUpdateRevision() {
            StatefulSet set = updating(0, 2, 0);
            List<Pod> pods = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev1, rev2), pods);
            CreatePod create = only(actions, CreatePod.class).getFirst();
            assertThat(create.pod().getMetadata().getName()).isEqualTo("web-2");
            assertThat(create.revision()).isEqualTo(name(rev2));
            assertThat(create.pod().getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1.26");
            assertThat(only(actions, DeletePod.class)).isEmpty();
        }

        @Test
        void waitsForTheReplacementToBeReadyThenTakesTheNext() {
            StatefulSet set = updating(0, 2, 1);
            List<Pod> notReady = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), pod(set, rev2, 2, "Running", false));
            // the not-ready replacement stops the pass in the replica loop (OrderedReady)
            assertThat(podActions(reconcile(set, List.of(rev1, rev2), notReady))).isEmpty();

            List<Pod> readyNow = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), ready(set, rev2, 2));
            assertThat(podActions(reconcile(set, List.of(rev1, rev2), readyNow))).containsExactly("delete web-1 UPDATE");
        }

        @Test
        void parallelSetsStillUpdateOneAtATime() {
            StatefulSet set = new StatefulSetBuilder(updating(0, 2, 1)).editSpec().withPodManagementPolicy("Parallel").endSpec().build();
            List<Pod> pods = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), pod(set, rev2, 2, "Running", false));
            assertThat(podActions(reconcile(set, List.of(rev1, rev2), pods))).isEmpty();
        }

        @Test
        void partitionKeepsLowerOrdinalsAtTheCurrentRevision() {
            StatefulSet set = updating(2, 2, 1);
            List<Pod> pods = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), ready(set, rev2, 2));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev1, rev2), pods);
            assertThat(podActions(actions)).isEmpty();
            StatefulSetStatus status = statusAfter(set, actions);
            assertThat(status.getCurrentRevision()).isEqualTo(name(rev1)); // not complete below the partition
            assertThat(status.getUpdatedReplicas()).isEqualTo(1);
            assertThat(status.getCurrentReplicas()).isEqualTo(2);
        }

        @Test
        void aPodBelowThePartitionIsRecreatedAtTheCurrentRevision() {
            StatefulSet set = updating(2, 2, 1);
            List<Pod> pods = List.of(ready(v1, rev1, 1), ready(set, rev2, 2));
            CreatePod create = only(reconcile(set, List.of(rev1, rev2), pods), CreatePod.class).getFirst();
            assertThat(create.pod().getMetadata().getName()).isEqualTo("web-0");
            assertThat(create.revision()).isEqualTo(name(rev1));
            assertThat(create.pod().getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1.25");
        }

        @Test
        void withoutARollingUpdateBlockPodsBelowCurrentReplicasComeBackAtTheCurrentRevision() {
            StatefulSet set = updating(0, 2, 0);
            set.getSpec().getUpdateStrategy().setRollingUpdate(null);
            // status.currentReplicas is 2: ordinals 0 and 1 are recreated at the current revision, 2 at the update revision
            CreatePod one = only(reconcile(set, List.of(rev1, rev2), List.of(ready(v1, rev1, 0), ready(v1, rev1, 2))), CreatePod.class).getFirst();
            assertThat(one.revision()).isEqualTo(name(rev1));
            CreatePod two = only(reconcile(set, List.of(rev1, rev2), List.of(ready(v1, rev1, 0), ready(v1, rev1, 1))), CreatePod.class).getFirst();
            assertThat(two.revision()).isEqualTo(name(rev2));
        }

        @Test
        void partitionAboveReplicasUpdatesNothing() {
            StatefulSet set = updating(5, 3, 0);
            List<Pod> pods = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), ready(v1, rev1, 2));
            assertThat(podActions(reconcile(set, List.of(rev1, rev2), pods))).isEmpty();
        }

        @Test
        void completesWhenEveryReplicaIsUpdatedAndReady() {
            StatefulSet set = updating(0, 0, 3);
            List<Pod> pods = List.of(ready(set, rev2, 0), ready(set, rev2, 1), ready(set, rev2, 2));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev1, rev2), pods);
            assertThat(podActions(actions)).isEmpty();
            StatefulSetStatus status = statusOf(actions);
            assertThat(status.getCurrentRevision()).isEqualTo(name(rev2));
            assertThat(status.getUpdateRevision()).isEqualTo(name(rev2));
            assertThat(status.getCurrentReplicas()).isEqualTo(3);
            assertThat(status.getUpdatedReplicas()).isEqualTo(3);
        }

        @Test
        void onDeleteReplacesNothingButRecreatesAtTheUpdateRevision() {
            StatefulSet set = updating(0, 3, 0);
            set.getSpec().getUpdateStrategy().setType("OnDelete");
            set.getSpec().getUpdateStrategy().setRollingUpdate(null);
            List<Pod> all = List.of(ready(v1, rev1, 0), ready(v1, rev1, 1), ready(v1, rev1, 2));
            assertThat(podActions(reconcile(set, List.of(rev1, rev2), all))).isEmpty();

            List<StatefulSetAction> actions = reconcile(set, List.of(rev1, rev2), List.of(ready(v1, rev1, 0), ready(v1, rev1, 2)));
            CreatePod create = only(actions, CreatePod.class).getFirst();
            assertThat(create.pod().getMetadata().getName()).isEqualTo("web-1");
            assertThat(create.revision()).isEqualTo(name(rev2));
        }

        @Test
        void onDeleteNeverCompletesTheRevisionOnItsOwn() {
            StatefulSet set = updating(0, 0, 3);
            set.getSpec().getUpdateStrategy().setType("OnDelete");
            set.getSpec().getUpdateStrategy().setRollingUpdate(null);
            List<Pod> pods = List.of(ready(set, rev2, 0), ready(set, rev2, 1), ready(set, rev2, 2));
            StatefulSetStatus status = statusAfter(set, reconcile(set, List.of(rev1, rev2), pods));
            assertThat(status.getCurrentRevision()).isEqualTo(name(rev1));
            assertThat(status.getUpdatedReplicas()).isEqualTo(3);
        }
    }

    @Nested
    class Revisions {
        final StatefulSet v1 = set(3, "nginx:1.25");
        final ControllerRevision rev1 = revision(v1, 1);
        final ControllerRevision rev2 = revision(set(3, "nginx:1.26"), 2);

        @Test
        void steadyStateDoesNothing() {
            StatefulSet set = settled(3, "nginx:1.25", rev1);
            List<Pod> pods = List.of(ready(set, rev1, 0), ready(set, rev1, 1), ready(set, rev1, 2));
            assertThat(reconcile(set, List.of(rev1), pods)).isEmpty();
        }

        @Test
        void goingBackToAnOlderTemplateRenumbersItsRevision() {
            // what kubectl rollout undo does: the set's template is rev1's again
            StatefulSet set = withStatus(set(3, "nginx:1.25"), status(name(rev2), name(rev2), 3, 3, 3, 3));
            List<Pod> pods = List.of(ready(set, rev2, 0), ready(set, rev2, 1), ready(set, rev2, 2));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev1, rev2), pods);

            assertThat(only(actions, CreateRevision.class)).isEmpty();
            RenumberRevision renumber = only(actions, RenumberRevision.class).getFirst();
            assertThat(renumber.revision().getMetadata().getName()).isEqualTo(name(rev1));
            assertThat(renumber.newNumber()).isEqualTo(3L);
            assertThat(statusOf(actions).getUpdateRevision()).isEqualTo(name(rev1));
            assertThat(podActions(actions)).containsExactly("delete web-2 UPDATE");
        }

        @Test
        void historyBeyondTheLimitIsPrunedOldestFirst() {
            ControllerRevision r1 = revision(set(1, "a:1"), 1);
            ControllerRevision r2 = revision(set(1, "a:2"), 2);
            ControllerRevision r3 = revision(set(1, "a:3"), 3);
            ControllerRevision r4 = revision(set(1, "a:4"), 4);
            StatefulSet set = withStatus(set(1, "a:4"), status(name(r4), name(r4), 1, 1, 1, 1));
            set.getSpec().setRevisionHistoryLimit(1);
            List<Pod> pods = List.of(ready(set, r4, 0));
            List<StatefulSetAction> actions = reconcile(set, List.of(r3, r1, r4, r2), pods);
            assertThat(only(actions, DeleteRevision.class)).extracting(d -> name(d.revision())).containsExactly(name(r1), name(r2));
        }

        @Test
        void revisionsPodsStillRunAreNotPruned() {
            ControllerRevision r1 = revision(set(2, "a:1"), 1);
            ControllerRevision r2 = revision(set(2, "a:2"), 2);
            ControllerRevision r3 = revision(set(2, "a:3"), 3);
            StatefulSet set = withStatus(set(2, "a:3"), status(name(r2), name(r3), 2, 2, 1, 1));
            set.getSpec().setRevisionHistoryLimit(0);
            set.getSpec().getUpdateStrategy().setType("OnDelete");
            set.getSpec().getUpdateStrategy().setRollingUpdate(null);
            List<Pod> pods = List.of(ready(set, r1, 0), ready(set, r3, 1));
            // r1 is a pod's, r2 current, r3 update: nothing to prune
            assertThat(only(reconcile(set, List.of(r1, r2, r3), pods), DeleteRevision.class)).isEmpty();
        }

        @Test
        void aNameTakenWithOtherDataIsSteppedOver() {
            StatefulSet set = set(1, "nginx:1.25");
            ControllerRevision plain = revision(set, 1);
            ControllerRevision squatter = new ControllerRevisionBuilder(revision(set(1, "other:1"), 7))
                    .editMetadata().withName(name(plain)).withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                            .withKind("StatefulSet").withName("web").withUid("uid-old").withController(true).build()).endMetadata().build();
            List<StatefulSetAction> actions = reconcile(set, List.of(squatter), List.of());
            ControllerRevision created = only(actions, CreateRevision.class).getFirst().revision();
            assertThat(name(created)).isNotEqualTo(name(plain)).startsWith("web-");
            assertThat(created.getRevision()).isEqualTo(1L); // the squatter is not the set's history
            assertThat(statusOf(actions).getCollisionCount()).isEqualTo(1);
        }

        @Test
        void theHashFollowsTheCollisionCount() {
            StatefulSet set = withStatus(set(1, "nginx:1.25"), new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder().withCollisionCount(2).build());
            ControllerRevision created = only(reconcile(set, List.of(), List.of()), CreateRevision.class).getFirst().revision();
            byte[] data = RevisionData.patchOf(set).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(name(created)).isEqualTo("web-" + RevisionHash.of(data, 2));
        }
    }

    @Nested
    class Ownership {
        final StatefulSet set = settled(1, "nginx:1.25", revision(set(1, "nginx:1.25"), 1));
        final ControllerRevision rev = revision(set, 1);

        @Test
        void orphanMembersAreAdopted() {
            Pod orphan = new PodBuilder(ready(set, rev, 0)).editMetadata().withOwnerReferences(List.of()).endMetadata().build();
            ControllerRevision orphanRev = new ControllerRevisionBuilder(rev).editMetadata().withOwnerReferences(List.of()).endMetadata().build();
            List<StatefulSetAction> actions = reconcile(set, List.of(orphanRev), List.of(orphan));

            AdoptPod adopt = only(actions, AdoptPod.class).getFirst();
            assertThat(adopt.pod().getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(UID));
            assertThat(adopt.pod().getMetadata().getResourceVersion()).isEqualTo("20");
            assertThat(only(actions, AdoptRevision.class).getFirst().revision().getMetadata().getOwnerReferences())
                    .singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(UID));
            // adopted: counted, not recreated
            assertThat(podActions(actions)).isEmpty();
            assertThat(only(actions, CreateRevision.class)).isEmpty();
        }

        @Test
        void podsThatNoLongerMatchAreReleased() {
            Pod relabelled = new PodBuilder(ready(set, rev, 0)).editMetadata().addToLabels("app", "debug").endMetadata().build();
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(relabelled));
            assertThat(only(actions, ReleasePod.class).getFirst().pod().getMetadata().getOwnerReferences()).isEmpty();
            assertThat(podActions(actions)).containsExactly("create web-0");
        }

        @Test
        void othersPodsAndNonMembersAreLeftAlone() {
            Pod others = new PodBuilder(ready(set, rev, 0)).editMetadata().withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs").withUid("uid-rs").withController(true).build()).endMetadata().build();
            Pod stranger = new PodBuilder(ready(set, rev, 0)).editMetadata().withName("db-0").withOwnerReferences(List.of()).endMetadata().build();
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(others, stranger));
            assertThat(only(actions, AdoptPod.class)).isEmpty();
            assertThat(only(actions, ReleasePod.class)).isEmpty();
            assertThat(podActions(actions)).containsExactly("create web-0");
        }

        @Test
        void lostIdentityLabelsAreRestored() {
            Pod pod = ready(set, rev, 0);
            pod.getMetadata().getLabels().remove("statefulset.kubernetes.io/pod-name");
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(pod));
            RestorePodIdentity restore = only(actions, RestorePodIdentity.class).getFirst();
            assertThat(restore.pod().getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-0");
        }

        @Test
        void aSetBeingDeletedOnlyReportsStatus() {
            StatefulSet deleting = new StatefulSetBuilder(set(3, "nginx:1.26")).editMetadata().withDeletionTimestamp("2025-01-01T11:00:00Z").endMetadata()
                    .withStatus(set.getStatus()).build();
            Pod orphan = new PodBuilder(ready(set, rev, 1)).editMetadata().withOwnerReferences(List.of()).endMetadata().build();
            List<StatefulSetAction> actions = reconcile(deleting, List.of(rev), List.of(ready(set, rev, 0), orphan));
            assertThat(actions).allSatisfy(a -> assertThat(a).isInstanceOfAny(UpdateStatus.class));
        }
    }

    @Nested
    class MinReadySeconds {
        final ControllerRevision rev = revision(set(2, "nginx:1.25"), 1);

        StatefulSet withMinReady(int seconds) {
            StatefulSet s = withStatus(set(2, "nginx:1.25"), status(name(rev), name(rev), 1, 1, 1, 1));
            s.getSpec().setMinReadySeconds(seconds);
            return s;
        }

        @Test
        void aPodReadyForLessIsNotAvailableAndHoldsTheNext() {
            StatefulSet set = withMinReady(10);
            Pod pod = readySince(ready(set, rev, 0), NOW.minusSeconds(4));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(pod));
            assertThat(podActions(actions)).isEmpty();
            StatefulSetStatus status = statusOf(actions);
            assertThat(status.getReadyReplicas()).isEqualTo(1);
            assertThat(status.getAvailableReplicas()).isZero();
            Duration delay = only(actions, RequeueAfter.class).getFirst().delay();
            assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(6)).isLessThan(Duration.ofSeconds(7));
        }

        @Test
        void onceAvailableTheNextIsCreated() {
            StatefulSet set = withMinReady(10);
            Pod pod = readySince(ready(set, rev, 0), NOW.minusSeconds(11));
            List<StatefulSetAction> actions = reconcile(set, List.of(rev), List.of(pod));
            assertThat(podActions(actions)).containsExactly("create web-1");
            assertThat(only(actions, RequeueAfter.class)).isEmpty();
        }
    }
}

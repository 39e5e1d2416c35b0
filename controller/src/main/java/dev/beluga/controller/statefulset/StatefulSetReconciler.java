package dev.beluga.controller.statefulset;

import dev.beluga.api.selection.LabelSelector;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.statefulset.StatefulSetAction.CreatePod;
import dev.beluga.controller.statefulset.StatefulSetAction.DeletePod;
import dev.beluga.controller.statefulset.StatefulSetAction.DeleteReason;
import dev.beluga.controller.statefulset.StatefulSetAction.DeleteRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.RequeueAfter;
import dev.beluga.controller.statefulset.StatefulSetAction.RestorePodIdentity;
import dev.beluga.controller.statefulset.StatefulSetAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The StatefulSet controller's decisions as one pure function (upstream's stateful_set_control.go):
 * from the set, the revisions and pods in its namespace and the time, the actions that move the set
 * one step towards its spec. Nothing here does I/O; {@code StatefulSetController} applies the actions.
 *
 * <p>Pods are {@code <set>-<ordinal>} for ordinals [start, start+replicas). With podManagementPolicy
 * OrderedReady (monotonic) a pass creates at most one missing pod, and only once every lower ordinal
 * is Running, Ready and available; it deletes at most one pod above the range, the highest, once
 * every pod below is healthy; it stops at the first pod that is terminating or not yet available.
 * Parallel creates and deletes all at once. Failed or Succeeded pods are deleted and, once gone,
 * recreated under their names. RollingUpdate then replaces, from the highest ordinal down to the
 * partition, one pod at a time, the first not at the update revision, waiting for each replacement
 * to become available; OnDelete leaves that to the user, whose deleted pods come back at the update
 * revision.
 */
public final class StatefulSetReconciler {
    static final int DEFAULT_HISTORY_LIMIT = 10;
    /** Requeues for minReadySeconds land just after the pod turns available, not on the boundary. */
    private static final Duration AVAILABILITY_MARGIN = Duration.ofMillis(100);

    private StatefulSetReconciler() {}

    /**
     * @param revisions every ControllerRevision in the set's namespace (the set's own are picked out here)
     * @param pods      every pod in the set's namespace
     */
    public static List<StatefulSetAction> reconcile(StatefulSet set, List<ControllerRevision> revisions, List<Pod> pods, Instant now) {
        StatefulSetSpec spec = set.getSpec() == null ? new StatefulSetSpec() : set.getSpec();
        if (spec.getSelector() == null) return List.of(); // validation refuses this; nothing can be selected
        LabelSelector selector = LabelSelector.fromModel(spec.getSelector());
        boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
        List<StatefulSetAction> actions = new ArrayList<>();

        Claims<ControllerRevision> ownRevisions = Claims.revisions(set, selector, revisions);
        actions.addAll(ownRevisions.actions());
        Claims<Pod> ownPods = Claims.pods(set, selector, pods);
        actions.addAll(ownPods.actions());

        Map<String, ControllerRevision> byName = new HashMap<>();
        for (ControllerRevision r : revisions) {
            if (set.getMetadata().getNamespace().equals(r.getMetadata().getNamespace())) byName.put(r.getMetadata().getName(), r);
        }
        RevisionPlan plan = RevisionPlan.of(set, ownRevisions.objects(), byName);
        if (!deleting) actions.addAll(plan.actions());

        Pass pass = new Pass(set, spec, plan, now);
        pass.run(ownPods.objects(), deleting);
        actions.addAll(pass.podActions);

        StatefulSetStatus status = pass.status();
        if (!sameStatus(status, set.getStatus())) actions.add(new UpdateStatus(status));

        actions.addAll(prune(spec, plan, ownPods.objects()));
        if (!deleting) pass.nextAvailability(ownPods.objects()).ifPresent(d -> actions.add(new RequeueAfter(d.plus(AVAILABILITY_MARGIN))));
        return List.copyOf(actions);
    }

    /** One pass over the pods: the pod actions and the counts for status. */
    private static final class Pass {
        private final StatefulSet set;
        private final StatefulSetSpec spec;
        private final RevisionPlan plan;
        private final Instant now;
        private final int minReadySeconds;
        private final int start;
        private final int replicas;
        private final List<StatefulSetAction> podActions = new ArrayList<>();
        /** Pods this pass deletes: terminating as far as the rest of the pass is concerned. */
        private final Set<Pod> deleted = Collections.newSetFromMap(new IdentityHashMap<>());
        private int currentReplicas;
        private int updatedReplicas;
        private int readyReplicas;
        private int availableReplicas;
        private int createdReplicas;
        private PodTemplateSpec currentTemplate;
        private PodTemplateSpec updateTemplate;

        Pass(StatefulSet set, StatefulSetSpec spec, RevisionPlan plan, Instant now) {
            this.set = set;
            this.spec = spec;
            this.plan = plan;
            this.now = now;
            this.minReadySeconds = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
            this.start = spec.getOrdinals() == null || spec.getOrdinals().getStart() == null ? 0 : spec.getOrdinals().getStart();
            this.replicas = spec.getReplicas() == null ? 1 : spec.getReplicas();
        }

        void run(List<Pod> owned, boolean deleting) {
            Pod[] slots = new Pod[replicas];
            List<Pod> condemned = new ArrayList<>();
            for (Pod pod : owned) {
                int ordinal = PodOrdinal.ordinalOf(pod);
                if (ordinal >= start && ordinal < start + replicas) slots[ordinal - start] = pod;
                else if (ordinal >= 0) condemned.add(pod);
            }
            condemned.sort(Comparator.comparingInt(PodOrdinal::ordinalOf).reversed());
            count(slots, condemned);
            if (deleting) return;

            // Scale-down waits for unhealthy pods except one: the first unavailable pod, looking at the
            // replicas in order (a missing one counts) and then the condemned from the lowest ordinal up.
            Pod firstUnavailable = null;
            boolean missingFirst = false;
            for (Pod pod : slots) {
                if (pod == null) {
                    missingFirst = true;
                    break;
                }
                if (PodReadiness.isUnavailable(pod, minReadySeconds, now)) {
                    firstUnavailable = pod;
                    break;
                }
            }
            if (firstUnavailable == null && !missingFirst) {
                for (Pod pod : condemned.reversed()) {
                    if (PodReadiness.isUnavailable(pod, minReadySeconds, now)) {
                        firstUnavailable = pod;
                        break;
                    }
                }
            }

            boolean monotonic = !"Parallel".equals(spec.getPodManagementPolicy());
            if (processReplicas(slots, monotonic)) return;
            if (processCondemned(condemned, firstUnavailable, monotonic)) return;
            StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy() == null ? new StatefulSetUpdateStrategy() : spec.getUpdateStrategy();
            if ("OnDelete".equals(strategy.getType())) return;
            rollingUpdate(slots, strategy.getRollingUpdate());
        }

        /** True when the pass must stop here (monotonic and blocked). */
        private boolean processReplicas(Pod[] slots, boolean monotonic) {
            for (int i = 0; i < replicas; i++) {
                Pod pod = slots[i];
                int ordinal = start + i;
                if (pod == null) {
                    boolean atCurrent = createsAtCurrent(ordinal);
                    String revision = (atCurrent ? plan.current() : plan.update()).getMetadata().getName();
                    Pod created = StatefulPods.newPod(set, atCurrent ? currentTemplate() : updateTemplate(), revision, ordinal);
                    podActions.add(new CreatePod(ordinal, revision, created));
                    if (monotonic) return true;
                    continue;
                }
                if (PodReadiness.isFailed(pod) || PodReadiness.isSucceeded(pod)) {
                    // Deleted now, recreated by a later pass once the API no longer has it.
                    if (!PodReadiness.isTerminating(pod)) {
                        podActions.add(new DeletePod(pod, PodReadiness.isFailed(pod) ? DeleteReason.FAILED : DeleteReason.SUCCEEDED));
                        deleted.add(pod);
                    }
                    if (monotonic) return true;
                    continue;
                }
                if (monotonic && (PodReadiness.isTerminating(pod) || !PodReadiness.isRunningAndReady(pod)
                        || !PodReadiness.isAvailable(pod, minReadySeconds, now))) {
                    return true;
                }
                if (!StatefulPods.identityMatches(set, pod)) podActions.add(new RestorePodIdentity(StatefulPods.withIdentity(pod)));
            }
            return false;
        }

        private boolean processCondemned(List<Pod> condemned, Pod firstUnavailable, boolean monotonic) {
            for (Pod pod : condemned) {
                if (PodReadiness.isTerminating(pod)) {
                    if (monotonic) return true;
                    continue;
                }
                if (monotonic && pod != firstUnavailable
                        && (!PodReadiness.isRunningAndReady(pod) || !PodReadiness.isAvailable(pod, minReadySeconds, now))) {
                    return true;
                }
                podActions.add(new DeletePod(pod, DeleteReason.SCALE_DOWN));
                deleted.add(pod);
                if (monotonic) return true;
            }
            return false;
        }

        private void rollingUpdate(Pod[] slots, RollingUpdateStatefulSetStrategy rolling) {
            int partition = rolling == null || rolling.getPartition() == null ? 0 : rolling.getPartition();
            String updateRevision = plan.update().getMetadata().getName();
            for (int target = replicas - 1; target >= partition; target--) {
                Pod pod = slots[target];
                // Created this pass (Parallel): not available yet, so the update waits for it.
                if (pod == null) return;
                boolean terminating = PodReadiness.isTerminating(pod) || deleted.contains(pod);
                if (!StatefulPods.revisionOf(pod).equals(updateRevision) && !terminating) {
                    podActions.add(new DeletePod(pod, DeleteReason.UPDATE));
                    deleted.add(pod);
                    if (StatefulPods.revisionOf(pod).equals(plan.current().getMetadata().getName())) currentReplicas--;
                    return;
                }
                if (terminating || PodReadiness.isUnavailable(pod, minReadySeconds, now)) return;
            }
        }

        /** Upstream's newVersionedStatefulSetPod: below the partition (or currentReplicas without a rollingUpdate block) pods come back at the current revision. */
        private boolean createsAtCurrent(int ordinal) {
            StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy() == null ? new StatefulSetUpdateStrategy() : spec.getUpdateStrategy();
            RollingUpdateStatefulSetStrategy rolling = strategy.getRollingUpdate();
            int statusCurrent = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0 : set.getStatus().getCurrentReplicas();
            if ("RollingUpdate".equals(strategy.getType()) && rolling == null && ordinal < start + statusCurrent) return true;
            return rolling != null && ordinal < start + (rolling.getPartition() == null ? 0 : rolling.getPartition());
        }

        private PodTemplateSpec currentTemplate() {
            if (currentTemplate == null) currentTemplate = templateOf(plan.current());
            return currentTemplate;
        }

        private PodTemplateSpec updateTemplate() {
            if (updateTemplate == null) updateTemplate = templateOf(plan.update());
            return updateTemplate;
        }

        private PodTemplateSpec templateOf(ControllerRevision revision) {
            // The revision of the set's own template needs no patching.
            if (RevisionData.sameData(revision, RevisionData.patchOf(set)) && spec.getTemplate() != null) return spec.getTemplate();
            return RevisionData.templateOf(set, revision);
        }

        /** Upstream's computeReplicaStatus over the pods that exist (pods this pass creates do not count yet). */
        private void count(Pod[] slots, List<Pod> condemned) {
            List<Pod> existing = new ArrayList<>(condemned);
            for (Pod p : slots) if (p != null) existing.add(p);
            String current = plan.current().getMetadata().getName();
            String update = plan.update().getMetadata().getName();
            for (Pod pod : existing) {
                createdReplicas++;
                if (PodReadiness.isRunningAndReady(pod)) {
                    readyReplicas++;
                    if (PodReadiness.isAvailable(pod, minReadySeconds, now)) availableReplicas++;
                }
                if (!PodReadiness.isTerminating(pod)) {
                    String revision = StatefulPods.revisionOf(pod);
                    if (revision.equals(current)) currentReplicas++;
                    if (revision.equals(update)) updatedReplicas++;
                }
            }
        }

        StatefulSetStatus status() {
            StatefulSetStatus status = new StatefulSetStatus();
            status.setObservedGeneration(set.getMetadata().getGeneration());
            status.setReplicas(createdReplicas);
            status.setReadyReplicas(readyReplicas);
            status.setAvailableReplicas(availableReplicas);
            status.setCurrentReplicas(currentReplicas);
            status.setUpdatedReplicas(updatedReplicas);
            status.setCurrentRevision(plan.current().getMetadata().getName());
            status.setUpdateRevision(plan.update().getMetadata().getName());
            status.setCollisionCount(plan.collisionCount());
            if (set.getStatus() != null && set.getStatus().getConditions() != null && !set.getStatus().getConditions().isEmpty()) {
                status.setConditions(new ArrayList<>(set.getStatus().getConditions()));
            }
            // Upstream's completeRollingUpdate: every replica updated and ready, the update is the current revision.
            String type = spec.getUpdateStrategy() == null ? null : spec.getUpdateStrategy().getType();
            if ("RollingUpdate".equals(type) && updatedReplicas == replicas && readyReplicas == replicas && createdReplicas == replicas) {
                status.setCurrentReplicas(updatedReplicas);
                status.setCurrentRevision(status.getUpdateRevision());
            }
            return status;
        }

        /** When the next Ready pod turns available (minReadySeconds), if any is waiting to. */
        Optional<Duration> nextAvailability(List<Pod> owned) {
            return owned.stream()
                    .filter(p -> !PodReadiness.isTerminating(p) && PodReadiness.isRunningAndReady(p))
                    .flatMap(p -> PodReadiness.untilAvailable(p, minReadySeconds, now).stream())
                    .map(d -> d.isNegative() ? Duration.ZERO : d)
                    .min(Comparator.naturalOrder());
        }
    }

    /**
     * Upstream's truncateHistory: revisions that are neither current, update, nor any pod's are history;
     * beyond revisionHistoryLimit, the oldest go.
     */
    static List<StatefulSetAction> prune(StatefulSetSpec spec, RevisionPlan plan, List<Pod> owned) {
        int limit = spec.getRevisionHistoryLimit() == null ? DEFAULT_HISTORY_LIMIT : spec.getRevisionHistoryLimit();
        if (limit < 0) return List.of();
        Set<String> live = new HashSet<>();
        live.add(plan.current().getMetadata().getName());
        live.add(plan.update().getMetadata().getName());
        for (Pod p : owned) live.add(StatefulPods.revisionOf(p));
        List<ControllerRevision> history = plan.history().stream().filter(r -> !live.contains(r.getMetadata().getName())).toList();
        if (history.size() <= limit) return List.of();
        return history.subList(0, history.size() - limit).stream().<StatefulSetAction>map(DeleteRevision::new).toList();
    }

    static boolean sameStatus(StatefulSetStatus wanted, StatefulSetStatus have) {
        if (have == null) return false;
        return java.util.Objects.equals(wanted.getObservedGeneration(), have.getObservedGeneration())
                && n(wanted.getReplicas()) == n(have.getReplicas())
                && n(wanted.getReadyReplicas()) == n(have.getReadyReplicas())
                && n(wanted.getAvailableReplicas()) == n(have.getAvailableReplicas())
                && n(wanted.getCurrentReplicas()) == n(have.getCurrentReplicas())
                && n(wanted.getUpdatedReplicas()) == n(have.getUpdatedReplicas())
                && n(wanted.getCollisionCount()) == n(have.getCollisionCount())
                && java.util.Objects.equals(wanted.getCurrentRevision(), have.getCurrentRevision())
                && java.util.Objects.equals(wanted.getUpdateRevision(), have.getUpdateRevision());
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}

package dev.beluga.controller.deployment;

import static dev.beluga.controller.deployment.DeploymentConditions.AVAILABLE;
import static dev.beluga.controller.deployment.DeploymentConditions.PROGRESSING;
import static dev.beluga.controller.deployment.DeploymentConditions.REPLICA_FAILURE;
import static dev.beluga.controller.deployment.DeploymentConditions.condition;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ObjectCopy;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.Times;
import dev.beluga.controller.deployment.DeploymentAction.AdoptReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.CreateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.DeleteReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.RecordEvent;
import dev.beluga.controller.deployment.DeploymentAction.ReleaseReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.RequeueAfter;
import dev.beluga.controller.deployment.DeploymentAction.SetRevision;
import dev.beluga.controller.deployment.DeploymentAction.UpdateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One sync of one Deployment: upstream's syncDeployment (deployment_controller.go, sync.go,
 * rolling.go, recreate.go, progress.go) run on copies, every API write turned into an action instead.
 * The Deployment copy's status and revision annotation change as upstream's in-memory object does;
 * they become one status write and one annotation write at the end.
 *
 * <p>One deliberate difference: a rolling update counts each ReplicaSet's pods as the larger of its
 * spec.replicas and status.replicas when deciding whether the new ReplicaSet may grow. Upstream counts
 * spec.replicas only, so it may grow the new ReplicaSet before the old one's pods are actually gone and
 * briefly run more than replicas+maxSurge pods; waiting for the old ReplicaSet to report its pods gone
 * keeps the bound at every observed moment.
 */
final class DeploymentSync {
    private record NewAndOld(ReplicaSet newRS, List<ReplicaSet> old) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(old);
            if (newRS != null) all.add(newRS);
            return all;
        }
    }

    private record Scaled(boolean scaled, ReplicaSet replicaSet) {}

    private final Deployment stored;
    private final Deployment d;
    private final List<Pod> pods;
    private final Instant now;
    private final List<DeploymentAction> actions = new ArrayList<>();
    private final List<ReplicaSet> rsList = new ArrayList<>();
    private Optional<Duration> requeue = Optional.empty();
    private int plannedVersions;

    DeploymentSync(Deployment stored, List<Pod> pods, Instant now) {
        this.stored = stored;
        this.d = ObjectCopy.of(stored);
        if (d.getStatus() == null) d.setStatus(new DeploymentStatus());
        this.pods = pods;
        this.now = now;
    }

    List<DeploymentAction> run(List<ReplicaSet> candidates) {
        io.fabric8.kubernetes.api.model.LabelSelector model = d.getSpec().getSelector();
        if (model != null && isEmpty(model)) {
            event("Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            long generation = generation(d);
            if (observedGeneration(d.getStatus()) < generation) d.getStatus().setObservedGeneration(generation);
            return finish();
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.fromModel(Optional.ofNullable(model));
        } catch (StatusException e) {
            selector = LabelSelector.nothing();
        }
        claim(selector, candidates);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            NewAndOld all = getAll(false);
            syncDeploymentStatus(all.all(), all.newRS());
            return finish();
        }
        checkPausedConditions();
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isScalingEvent()) {
            sync();
            return finish();
        }
        String type = d.getSpec().getStrategy() == null ? "" : d.getSpec().getStrategy().getType();
        switch (type == null ? "" : type) {
            case Fenceposts.RECREATE -> rolloutRecreate();
            case Fenceposts.ROLLING_UPDATE -> rolloutRolling();
            default -> throw new IllegalStateException("unexpected deployment strategy type: " + type);
        }
        return finish();
    }

    private List<DeploymentAction> finish() {
        List<DeploymentAction> out = new ArrayList<>(actions);
        DeploymentStatus status = normalized(d.getStatus());
        if (!sameStatus(stored.getStatus(), status)) out.add(new UpdateStatus(status));
        String revision = RevisionAnnotations.annotations(d).get(RevisionAnnotations.REVISION);
        if (revision != null && !revision.equals(RevisionAnnotations.annotations(stored).get(RevisionAnnotations.REVISION))) {
            out.add(new SetRevision(revision));
        }
        requeue.ifPresent(r -> out.add(new RequeueAfter(r)));
        return out;
    }

    // ------------------------------------------------------------------ claiming

    /** ClaimReplicaSets: keeps ours that match, adopts matching orphans, releases ours that stopped matching. */
    private void claim(LabelSelector selector, List<ReplicaSet> candidates) {
        boolean deleting = d.getMetadata().getDeletionTimestamp() != null;
        String uid = d.getMetadata().getUid();
        for (ReplicaSet rs : candidates) {
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(rs);
            boolean matches = selector.matches(ControllerRefs.labelsOf(rs));
            if (ref.isPresent()) {
                if (uid == null || !uid.equals(ref.get().getUid())) continue;
                if (matches) rsList.add(ObjectCopy.of(rs));
                else if (!deleting) actions.add(new ReleaseReplicaSet(rs));
            } else if (matches && !deleting && rs.getMetadata().getDeletionTimestamp() == null) {
                String planned = nextPlannedVersion();
                actions.add(new AdoptReplicaSet(rs, planned));
                ReplicaSet adopted = ObjectCopy.of(rs);
                List<OwnerReference> refs = new ArrayList<>(adopted.getMetadata().getOwnerReferences() == null ? List.of() : adopted.getMetadata().getOwnerReferences());
                refs.add(ControllerRefs.newControllerRef(d));
                adopted.getMetadata().setOwnerReferences(refs);
                adopted.getMetadata().setResourceVersion(planned);
                rsList.add(adopted);
            }
        }
    }

    // ------------------------------------------------------------------ revisions and the new ReplicaSet

    private NewAndOld getAll(boolean createIfNotExisted) {
        List<ReplicaSet> sorted = new ArrayList<>(rsList);
        sorted.sort(RevisionAnnotations.byCreation());
        ReplicaSet existing = findNew(sorted);
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : sorted) if (existing == null || !sameName(rs, existing)) old.add(rs);
        return new NewAndOld(getNewReplicaSet(existing, old, createIfNotExisted), old);
    }

    /** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
    private ReplicaSet findNew(List<ReplicaSet> byCreation) {
        for (ReplicaSet rs : byCreation) {
            if (PodTemplateEquality.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) return rs;
        }
        return null;
    }

    private ReplicaSet getNewReplicaSet(ReplicaSet existing, List<ReplicaSet> oldRSs, boolean create) {
        String newRevision = Long.toString(RevisionAnnotations.maxRevision(oldRSs) + 1);
        if (existing != null) {
            ReplicaSet copy = ObjectCopy.of(existing);
            boolean annotationsUpdated = RevisionAnnotations.setNewReplicaSetAnnotations(d, copy, newRevision, true);
            boolean minReadySecondsNeedsUpdate = minReadySeconds(copy.getSpec().getMinReadySeconds()) != minReadySeconds(d.getSpec().getMinReadySeconds());
            if (annotationsUpdated || minReadySecondsNeedsUpdate) {
                copy.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
                return write(copy);
            }
            setDeploymentRevision(RevisionAnnotations.annotations(copy).get(RevisionAnnotations.REVISION));
            if (hasProgressDeadline() && DeploymentConditions.get(d.getStatus(), PROGRESSING).isEmpty()) {
                DeploymentConditions.set(d.getStatus(), condition(PROGRESSING, "True", DeploymentConditions.FOUND_NEW_RS,
                        "Found new replica set " + quoted(name(copy)), now));
            }
            return existing;
        }
        if (!create) return null;

        PodTemplateSpec template = ObjectCopy.of(d.getSpec().getTemplate());
        String hash = TemplateHash.of(template, Optional.ofNullable(d.getStatus().getCollisionCount()));
        if (template.getMetadata() == null) template.setMetadata(new ObjectMeta());
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.put(TemplateHash.LABEL, hash);
        template.getMetadata().setLabels(labels);
        io.fabric8.kubernetes.api.model.LabelSelector selector = ObjectCopy.of(d.getSpec().getSelector());
        Map<String, String> matchLabels = new LinkedHashMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
        matchLabels.put(TemplateHash.LABEL, hash);
        selector.setMatchLabels(matchLabels);

        ReplicaSet rs = new ReplicaSet();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(d.getMetadata().getName() + "-" + hash);
        meta.setNamespace(d.getMetadata().getNamespace());
        meta.setOwnerReferences(List.of(ControllerRefs.newControllerRef(d)));
        meta.setLabels(new LinkedHashMap<>(labels));
        rs.setMetadata(meta);
        ReplicaSetSpec spec = new ReplicaSetSpec();
        spec.setReplicas(0);
        spec.setMinReadySeconds(d.getSpec().getMinReadySeconds());
        spec.setSelector(selector);
        spec.setTemplate(template);
        rs.setSpec(spec);
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        all.add(rs);
        int newReplicas = newRSNewReplicas(all, rs);
        spec.setReplicas(newReplicas);
        RevisionAnnotations.setNewReplicaSetAnnotations(d, rs, newRevision, false);

        String planned = nextPlannedVersion();
        actions.add(new CreateReplicaSet(ObjectCopy.of(rs), planned));
        if (newReplicas > 0) event("Normal", "ScalingReplicaSet", "Scaled up replica set " + name(rs) + " from 0 to " + newReplicas);
        setDeploymentRevision(newRevision);
        if (hasProgressDeadline()) {
            DeploymentConditions.set(d.getStatus(), condition(PROGRESSING, "True", DeploymentConditions.NEW_REPLICA_SET,
                    "Created new replica set " + quoted(name(rs)), now));
        }
        ReplicaSet working = ObjectCopy.of(rs);
        working.getMetadata().setResourceVersion(planned);
        working.getMetadata().setCreationTimestamp(Times.format(now));
        rsList.add(working);
        return working;
    }

    private void setDeploymentRevision(String revision) {
        if (revision == null) return;
        Map<String, String> a = d.getMetadata().getAnnotations();
        if (a == null) {
            a = new LinkedHashMap<>();
            d.getMetadata().setAnnotations(a);
        }
        if (!revision.equals(a.get(RevisionAnnotations.REVISION))) a.put(RevisionAnnotations.REVISION, revision);
    }

    /** NewRSNewReplicas: how big the new ReplicaSet may be now. */
    private int newRSNewReplicas(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        String type = d.getSpec().getStrategy() == null ? "" : d.getSpec().getStrategy().getType();
        if (Fenceposts.RECREATE.equals(type)) return replicas();
        if (!Fenceposts.ROLLING_UPDATE.equals(type)) throw new IllegalStateException("deployment type " + type + " isn't supported");
        int current = 0;
        for (ReplicaSet rs : allRSs) current += Math.max(spec(rs), statusReplicas(rs));
        int maxTotal = replicas() + Fenceposts.maxSurge(d);
        if (current >= maxTotal) return spec(newRS);
        int scaleUp = Math.min(maxTotal - current, replicas() - spec(newRS));
        return spec(newRS) + scaleUp;
    }

    // ------------------------------------------------------------------ paused, scaling, cleanup

    private void checkPausedConditions() {
        if (!hasProgressDeadline()) return;
        Optional<DeploymentCondition> cond = DeploymentConditions.get(d.getStatus(), PROGRESSING);
        if (cond.isPresent() && DeploymentConditions.TIMED_OUT.equals(cond.get().getReason())) return;
        boolean pausedCondExists = cond.isPresent() && DeploymentConditions.PAUSED.equals(cond.get().getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedCondExists) {
            DeploymentConditions.set(d.getStatus(), condition(PROGRESSING, "Unknown", DeploymentConditions.PAUSED, "Deployment is paused", now));
        } else if (!paused && pausedCondExists) {
            DeploymentConditions.set(d.getStatus(), condition(PROGRESSING, "Unknown", DeploymentConditions.RESUMED, "Deployment is resumed", now));
        }
    }

    /** A scaling event: an active ReplicaSet was sized for another spec.replicas than the Deployment's now. */
    private boolean isScalingEvent() {
        NewAndOld all = getAll(false);
        for (ReplicaSet rs : active(all.all())) {
            OptionalInt desired = RevisionAnnotations.desiredReplicas(rs);
            if (desired.isPresent() && desired.getAsInt() != replicas()) return true;
        }
        return false;
    }

    /** Scaling events and paused Deployments: resize without rolling out. */
    private void sync() {
        NewAndOld all = getAll(false);
        scale(all.newRS(), all.old());
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) cleanupDeployment(all.old());
        syncDeploymentStatus(all.all(), all.newRS());
    }

    /**
     * Proportional scaling: with one active ReplicaSet it gets the new size; otherwise the replicas to
     * add or remove are shared out by each ReplicaSet's share of the size it was made for
     * (max-replicas), the largest first, leftovers to the first.
     */
    private void scale(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        ReplicaSet activeOrLatest = findActiveOrLatest(newRS, oldRSs);
        if (activeOrLatest != null) {
            if (spec(activeOrLatest) == replicas()) return;
            scaleAndRecord(activeOrLatest, replicas());
            return;
        }
        if (isSaturated(newRS)) {
            for (ReplicaSet old : active(oldRSs)) scaleAndRecord(old, 0);
            return;
        }
        if (!Fenceposts.isRollingUpdate(d)) return;
        List<ReplicaSet> withNew = new ArrayList<>(oldRSs);
        if (newRS != null) withNew.add(newRS);
        List<ReplicaSet> allRSs = active(withNew);
        int allRSsReplicas = sumSpec(allRSs);
        int allowedSize = replicas() > 0 ? replicas() + Fenceposts.maxSurge(d) : 0;
        int toAdd = allowedSize - allRSsReplicas;
        if (toAdd > 0) allRSs.sort(bySizeThen(RevisionAnnotations.byCreation().reversed()));
        else if (toAdd < 0) allRSs.sort(bySizeThen(RevisionAnnotations.byCreation()));
        int added = 0;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (ReplicaSet rs : allRSs) {
            if (toAdd != 0) {
                int proportion = proportion(rs, toAdd, added);
                sizes.put(name(rs), spec(rs) + proportion);
                added += proportion;
            } else {
                sizes.put(name(rs), spec(rs));
            }
        }
        for (int i = 0; i < allRSs.size(); i++) {
            ReplicaSet rs = allRSs.get(i);
            if (i == 0 && toAdd != 0) {
                int leftover = toAdd - added;
                sizes.put(name(rs), Math.max(0, sizes.get(name(rs)) + leftover));
            }
            scaleReplicaSet(rs, sizes.get(name(rs)));
        }
    }

    private ReplicaSet findActiveOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) return null;
        List<ReplicaSet> newestFirst = new ArrayList<>(oldRSs);
        newestFirst.sort(RevisionAnnotations.byCreation().reversed());
        List<ReplicaSet> all = new ArrayList<>(newestFirst);
        if (newRS != null) all.add(newRS);
        List<ReplicaSet> active = active(all);
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : newestFirst.getFirst();
            case 1 -> active.getFirst();
            default -> null;
        };
    }

    /** The new ReplicaSet has all the Deployment's replicas, was made for this size, and all are available. */
    private boolean isSaturated(ReplicaSet rs) {
        if (rs == null) return false;
        OptionalInt desired = RevisionAnnotations.desiredReplicas(rs);
        return desired.isPresent() && spec(rs) == replicas() && desired.getAsInt() == replicas() && statusAvailable(rs) == replicas();
    }

    /** GetProportion: this ReplicaSet's share of the replicas to add (or remove), within what is left. */
    private int proportion(ReplicaSet rs, int toAdd, int added) {
        if (spec(rs) == 0 || toAdd == 0 || toAdd == added) return 0;
        int fraction = fraction(rs);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private int fraction(ReplicaSet rs) {
        if (replicas() == 0) return -spec(rs);
        int deploymentReplicas = replicas() + Fenceposts.maxSurge(d);
        OptionalInt annotated = RevisionAnnotations.maxReplicas(rs);
        int base = annotated.isPresent() ? annotated.getAsInt() : count(d.getStatus().getReplicas());
        if (base == 0) return 0;
        double size = (double) (spec(rs) * deploymentReplicas) / base;
        return goRound(size) - spec(rs);
    }

    /** Go's math.Round: halves away from zero. */
    static int goRound(double x) {
        return (int) (Math.signum(x) * Math.floor(Math.abs(x) + 0.5));
    }

    /** Keeps the newest revisionHistoryLimit old ReplicaSets; deletes older ones that are fully scaled down. */
    private void cleanupDeployment(List<ReplicaSet> oldRSs) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null || limit == Integer.MAX_VALUE) return;
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet rs : oldRSs) if (rs.getMetadata().getDeletionTimestamp() == null) cleanable.add(rs);
        int diff = cleanable.size() - limit;
        if (diff <= 0) return;
        cleanable.sort(RevisionAnnotations.byRevision());
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            if (statusReplicas(rs) != 0 || spec(rs) != 0 || generation > (rs.getStatus() == null ? 0 : observedGeneration(rs.getStatus()))) continue;
            actions.add(new DeleteReplicaSet(rs));
        }
    }

    // ------------------------------------------------------------------ rolling update

    private void rolloutRolling() {
        NewAndOld all = getAll(true);
        List<ReplicaSet> allRSs = all.all();
        ReplicaSet newRS = all.newRS();
        if (reconcileNewReplicaSet(allRSs, newRS)) {
            syncRolloutStatus(allRSs, newRS);
            return;
        }
        if (reconcileOldReplicaSets(allRSs, active(all.old()), newRS)) {
            syncRolloutStatus(allRSs, newRS);
            return;
        }
        if (deploymentComplete(d.getStatus())) cleanupDeployment(all.old());
        syncRolloutStatus(allRSs, newRS);
    }

    private boolean reconcileNewReplicaSet(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        if (spec(newRS) == replicas()) return false;
        if (spec(newRS) > replicas()) return scaleAndRecord(newRS, replicas()).scaled();
        return scaleAndRecord(newRS, newRSNewReplicas(allRSs, newRS)).scaled();
    }

    /**
     * Scales old ReplicaSets down as far as availability allows: first their unhealthy replicas (which
     * cost no availability), then healthy ones down to replicas − maxUnavailable available pods, never
     * counting the new ReplicaSet's unavailable pods as room.
     */
    private boolean reconcileOldReplicaSets(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, ReplicaSet newRS) {
        if (sumSpec(oldRSs) == 0) return false;
        int allPodsCount = sumSpec(allRSs);
        int minAvailable = replicas() - Fenceposts.maxUnavailable(d);
        int newRSUnavailable = spec(newRS) - statusAvailable(newRS);
        int maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0) return false;

        List<ReplicaSet> old = new ArrayList<>(oldRSs);
        old.sort(RevisionAnnotations.byCreation());
        int cleaned = 0;
        for (int i = 0; i < old.size(); i++) {
            if (cleaned >= maxScaledDown) break;
            ReplicaSet target = old.get(i);
            if (spec(target) == 0 || spec(target) == statusAvailable(target)) continue;
            int count = Math.min(maxScaledDown - cleaned, spec(target) - statusAvailable(target));
            int newCount = spec(target) - count;
            // Upstream's guard: a stale status (more available than wanted) must not scale anything this time.
            if (newCount > spec(target)) return false;
            old.set(i, scaleAndRecord(target, newCount).replicaSet());
            cleaned += count;
        }

        List<ReplicaSet> afterCleanup = new ArrayList<>(old);
        afterCleanup.add(newRS);
        int availablePodCount = 0;
        for (ReplicaSet rs : afterCleanup) availablePodCount += statusAvailable(rs);
        int scaledDown = 0;
        if (availablePodCount > minAvailable) {
            int totalScaleDownCount = availablePodCount - minAvailable;
            List<ReplicaSet> byCreation = new ArrayList<>(old);
            byCreation.sort(RevisionAnnotations.byCreation());
            for (ReplicaSet target : byCreation) {
                if (scaledDown >= totalScaleDownCount) break;
                if (spec(target) == 0) continue;
                int count = Math.min(spec(target), totalScaleDownCount - scaledDown);
                scaleAndRecord(target, spec(target) - count);
                scaledDown += count;
            }
        }
        return cleaned + scaledDown > 0;
    }

    // ------------------------------------------------------------------ recreate

    private void rolloutRecreate() {
        NewAndOld all = getAll(false);
        List<ReplicaSet> allRSs = all.all();
        ReplicaSet newRS = all.newRS();
        List<ReplicaSet> oldRSs = all.old();
        boolean scaledDown = false;
        for (ReplicaSet rs : active(oldRSs)) {
            if (scaleAndRecord(rs, 0).scaled()) scaledDown = true;
        }
        if (scaledDown || oldPodsRunning(newRS, oldRSs)) {
            syncRolloutStatus(allRSs, newRS);
            return;
        }
        if (newRS == null) {
            NewAndOld created = getAll(true);
            newRS = created.newRS();
            oldRSs = created.old();
            allRSs = created.all();
        }
        scaleAndRecord(newRS, replicas());
        if (deploymentComplete(d.getStatus())) cleanupDeployment(oldRSs);
        syncRolloutStatus(allRSs, newRS);
    }

    /** Old ReplicaSets report pods, or pods of theirs are not yet terminated (Recreate waits for both). */
    private boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        for (ReplicaSet rs : oldRSs) if (statusReplicas(rs) > 0) return true;
        Set<String> ours = new HashSet<>();
        for (ReplicaSet rs : rsList) if (rs.getMetadata().getUid() != null) ours.add(rs.getMetadata().getUid());
        String newUid = newRS == null ? null : newRS.getMetadata().getUid();
        for (Pod pod : pods) {
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
            if (ref.isEmpty() || !ours.contains(ref.get().getUid())) continue;
            if (newUid != null && newUid.equals(ref.get().getUid())) continue;
            String phase = PodReadiness.phase(pod);
            if ("Failed".equals(phase) || "Succeeded".equals(phase)) continue;
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ writes

    private Scaled scaleAndRecord(ReplicaSet rs, int newScale) {
        if (spec(rs) == newScale) return new Scaled(false, rs);
        return scaleReplicaSet(rs, newScale);
    }

    private Scaled scaleReplicaSet(ReplicaSet rs, int newScale) {
        boolean sizeNeedsUpdate = spec(rs) != newScale;
        int desired = replicas();
        int max = desired + Fenceposts.maxSurge(d);
        if (!sizeNeedsUpdate && !RevisionAnnotations.replicasAnnotationsNeedUpdate(rs, desired, max)) return new Scaled(false, rs);
        int oldScale = spec(rs);
        ReplicaSet copy = ObjectCopy.of(rs);
        copy.getSpec().setReplicas(newScale);
        RevisionAnnotations.setReplicasAnnotations(copy, desired, max);
        ReplicaSet written = write(copy);
        if (sizeNeedsUpdate) {
            event("Normal", "ScalingReplicaSet", "Scaled " + (oldScale < newScale ? "up" : "down") + " replica set " + name(rs)
                    + " from " + oldScale + " to " + newScale);
        }
        return new Scaled(sizeNeedsUpdate, written);
    }

    /** Plans a PUT of {@code changed}; returns what later steps work with (carrying the write's planned version). */
    private ReplicaSet write(ReplicaSet changed) {
        String planned = nextPlannedVersion();
        actions.add(new UpdateReplicaSet(ObjectCopy.of(changed), planned));
        ReplicaSet next = ObjectCopy.of(changed);
        next.getMetadata().setResourceVersion(planned);
        for (int i = 0; i < rsList.size(); i++) {
            if (sameName(rsList.get(i), next)) rsList.set(i, next);
        }
        return next;
    }

    private String nextPlannedVersion() {
        return DeploymentAction.PLANNED + (++plannedVersions);
    }

    private void event(String type, String reason, String message) {
        actions.add(new RecordEvent(type, reason, message));
    }

    // ------------------------------------------------------------------ status

    private void syncDeploymentStatus(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        DeploymentStatus next = calculateStatus(allRSs, newRS);
        if (!sameStatus(d.getStatus(), next)) d.setStatus(next);
    }

    /** Status during a rollout, with the Progressing condition judged against the progress deadline. */
    private void syncRolloutStatus(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        DeploymentStatus next = calculateStatus(allRSs, newRS);
        if (!hasProgressDeadline()) DeploymentConditions.remove(next, PROGRESSING);
        Optional<DeploymentCondition> current = DeploymentConditions.get(d.getStatus(), PROGRESSING);
        boolean complete = count(next.getReplicas()) == count(next.getUpdatedReplicas())
                && current.isPresent() && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.get().getReason());
        if (hasProgressDeadline() && !complete) {
            if (deploymentComplete(next)) {
                String msg = newRS != null ? "ReplicaSet " + quoted(name(newRS)) + " has successfully progressed."
                        : "Deployment " + quoted(name(d)) + " has successfully progressed.";
                DeploymentConditions.set(next, condition(PROGRESSING, "True", DeploymentConditions.NEW_RS_AVAILABLE, msg, now));
            } else if (deploymentProgressing(next)) {
                String msg = newRS != null ? "ReplicaSet " + quoted(name(newRS)) + " is progressing."
                        : "Deployment " + quoted(name(d)) + " is progressing.";
                DeploymentCondition c = condition(PROGRESSING, "True", DeploymentConditions.REPLICA_SET_UPDATED, msg, now);
                // Progress refreshes lastUpdateTime even with the same reason: it is what the deadline counts from.
                if (current.isPresent()) {
                    if ("True".equals(current.get().getStatus())) c.setLastTransitionTime(current.get().getLastTransitionTime());
                    DeploymentConditions.remove(next, PROGRESSING);
                }
                DeploymentConditions.set(next, c);
            } else if (deploymentTimedOut(next)) {
                String msg = newRS != null ? "ReplicaSet " + quoted(name(newRS)) + " has timed out progressing."
                        : "Deployment " + quoted(name(d)) + " has timed out progressing.";
                DeploymentConditions.set(next, condition(PROGRESSING, "False", DeploymentConditions.TIMED_OUT, msg, now));
            }
        }
        Optional<DeploymentCondition> failure = replicaFailure(allRSs, newRS);
        if (failure.isPresent()) DeploymentConditions.set(next, failure.get());
        else DeploymentConditions.remove(next, REPLICA_FAILURE);

        if (sameStatus(d.getStatus(), next)) {
            requeueIfStuck(next);
            return;
        }
        d.setStatus(next);
    }

    private DeploymentStatus calculateStatus(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        int available = 0;
        int total = 0;
        int actual = 0;
        int ready = 0;
        for (ReplicaSet rs : allRSs) {
            if (rs == null) continue;
            available += statusAvailable(rs);
            total += spec(rs);
            actual += statusReplicas(rs);
            ready += rs.getStatus() == null ? 0 : count(rs.getStatus().getReadyReplicas());
        }
        DeploymentStatus status = new DeploymentStatus();
        status.setObservedGeneration(generation(d));
        status.setReplicas(actual);
        status.setUpdatedReplicas(newRS == null ? 0 : statusReplicas(newRS));
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(Math.max(0, total - available));
        status.setCollisionCount(d.getStatus().getCollisionCount());
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (d.getStatus().getConditions() != null) for (DeploymentCondition c : d.getStatus().getConditions()) conditions.add(ObjectCopy.of(c));
        status.setConditions(conditions);
        if (available >= replicas() - Fenceposts.maxUnavailable(d)) {
            DeploymentConditions.set(status, condition(AVAILABLE, "True", DeploymentConditions.MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            DeploymentConditions.set(status, condition(AVAILABLE, "False", DeploymentConditions.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /** The new ReplicaSet's ReplicaFailure condition, else an old one's. */
    private Optional<DeploymentCondition> replicaFailure(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        if (newRS != null) {
            Optional<DeploymentCondition> c = failureOf(newRS);
            if (c.isPresent()) return c;
        }
        for (ReplicaSet rs : allRSs) {
            if (rs == null) continue;
            Optional<DeploymentCondition> c = failureOf(rs);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    private static Optional<DeploymentCondition> failureOf(ReplicaSet rs) {
        if (rs.getStatus() == null || rs.getStatus().getConditions() == null) return Optional.empty();
        for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
            if (REPLICA_FAILURE.equals(c.getType())) return Optional.of(DeploymentConditions.fromReplicaSet(c));
        }
        return Optional.empty();
    }

    /** All replicas updated and available, none old, and this generation observed. */
    private boolean deploymentComplete(DeploymentStatus s) {
        return count(s.getUpdatedReplicas()) == replicas() && count(s.getReplicas()) == replicas()
                && count(s.getAvailableReplicas()) == replicas() && observedGeneration(s) >= generation(d);
    }

    /** Progress since the stored status: more updated, fewer old, more ready or more available pods. */
    private boolean deploymentProgressing(DeploymentStatus next) {
        DeploymentStatus old = d.getStatus();
        int oldOld = count(old.getReplicas()) - count(old.getUpdatedReplicas());
        int newOld = count(next.getReplicas()) - count(next.getUpdatedReplicas());
        return count(next.getUpdatedReplicas()) > count(old.getUpdatedReplicas()) || newOld < oldOld
                || count(next.getReadyReplicas()) > count(old.getReadyReplicas())
                || count(next.getAvailableReplicas()) > count(old.getAvailableReplicas());
    }

    private boolean deploymentTimedOut(DeploymentStatus next) {
        if (!hasProgressDeadline()) return false;
        Optional<DeploymentCondition> c = DeploymentConditions.get(next, PROGRESSING);
        if (c.isEmpty()) return false;
        if (DeploymentConditions.NEW_RS_AVAILABLE.equals(c.get().getReason())) return false;
        if (DeploymentConditions.TIMED_OUT.equals(c.get().getReason())) return true;
        Optional<Instant> from = Times.parse(c.get().getLastUpdateTime());
        return from.isPresent() && from.get().plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }

    /** requeueStuckDeployment: nothing changed, so look again when the progress deadline runs out. */
    private void requeueIfStuck(DeploymentStatus next) {
        Optional<DeploymentCondition> current = DeploymentConditions.get(d.getStatus(), PROGRESSING);
        if (!hasProgressDeadline() || current.isEmpty()) return;
        if (deploymentComplete(next) || DeploymentConditions.TIMED_OUT.equals(current.get().getReason())) return;
        Optional<Instant> lastUpdate = Times.parse(current.get().getLastUpdateTime());
        if (lastUpdate.isEmpty()) return;
        Duration after = Duration.between(now, lastUpdate.get().plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        // A second more, as upstream, so the check lands after the deadline despite whole-second times.
        requeue = Optional.of((after.isNegative() ? Duration.ZERO : after).plusSeconds(1));
    }

    // ------------------------------------------------------------------ small helpers

    private boolean hasProgressDeadline() {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p != null && p != Integer.MAX_VALUE;
    }

    private int replicas() {
        return Fenceposts.replicas(d);
    }

    static int spec(ReplicaSet rs) {
        if (rs == null) return 0;
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private static int statusReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null ? 0 : count(rs.getStatus().getReplicas());
    }

    private static int statusAvailable(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null ? 0 : count(rs.getStatus().getAvailableReplicas());
    }

    private static int sumSpec(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) sum += spec(rs);
        return sum;
    }

    /** FilterActiveReplicaSets: those with pods wanted. */
    private static List<ReplicaSet> active(List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) if (rs != null && spec(rs) > 0) out.add(rs);
        return out;
    }

    private static java.util.Comparator<ReplicaSet> bySizeThen(java.util.Comparator<ReplicaSet> tieBreak) {
        return java.util.Comparator.comparingInt((ReplicaSet rs) -> -spec(rs)).thenComparing(tieBreak);
    }

    static int count(Integer v) {
        return v == null ? 0 : v;
    }

    private static long generation(Deployment d) {
        return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    }

    private static long observedGeneration(DeploymentStatus s) {
        return s == null || s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
    }

    private static long observedGeneration(io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus s) {
        return s == null || s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
    }

    private static int minReadySeconds(Integer v) {
        return v == null ? 0 : v;
    }

    private static boolean isEmpty(io.fabric8.kubernetes.api.model.LabelSelector s) {
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty()) && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    private static boolean sameName(ReplicaSet a, ReplicaSet b) {
        return Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
    }

    private static String name(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getName();
    }

    /** Go's %q for a Kubernetes name (no characters that need escaping). */
    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    /** The status as upstream serializes it: zero counts and empty lists left out (all omitempty). */
    static DeploymentStatus normalized(DeploymentStatus s) {
        DeploymentStatus out = s == null ? new DeploymentStatus() : ObjectCopy.of(s);
        out.setReplicas(zeroToNull(out.getReplicas()));
        out.setUpdatedReplicas(zeroToNull(out.getUpdatedReplicas()));
        out.setReadyReplicas(zeroToNull(out.getReadyReplicas()));
        out.setAvailableReplicas(zeroToNull(out.getAvailableReplicas()));
        out.setUnavailableReplicas(zeroToNull(out.getUnavailableReplicas()));
        if (out.getObservedGeneration() != null && out.getObservedGeneration() == 0) out.setObservedGeneration(null);
        if (out.getConditions() != null && out.getConditions().isEmpty()) out.setConditions(null);
        return out;
    }

    static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        return ObjectCopy.tree(normalized(a)).equals(ObjectCopy.tree(normalized(b)));
    }

    private static Integer zeroToNull(Integer v) {
        return v == null || v == 0 ? null : v;
    }
}

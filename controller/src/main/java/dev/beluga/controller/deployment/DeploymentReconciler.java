package dev.beluga.controller.deployment;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ObjectCopy;
import dev.beluga.controller.deployment.DeploymentAction.RecordEvent;
import dev.beluga.controller.deployment.DeploymentAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's Deployment controller as pure functions: (Deployment, its ReplicaSets and pods, now) →
 * the writes to make, in order. ReplicaSets per pod-template hash, RollingUpdate within maxSurge and
 * maxUnavailable, Recreate, proportional scaling, revisions and their history limit, pause, and the
 * Progressing/Available/ReplicaFailure conditions `kubectl rollout status` reads.
 */
public final class DeploymentReconciler {

    /**
     * @param replicaSets candidates: the ReplicaSets the Deployment controls and orphans in its namespace
     * @param pods        pods of those ReplicaSets (Recreate waits until the old ones are gone)
     */
    public List<DeploymentAction> reconcile(Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods, Instant now) {
        return new DeploymentSync(deployment, pods, now).run(replicaSets);
    }

    /**
     * Creating the new ReplicaSet failed (not because the name is taken): the Progressing condition
     * says so (ReplicaSetCreateError) when there is a progress deadline, and a Warning event.
     */
    public List<DeploymentAction> replicaSetCreateFailed(Deployment d, ReplicaSet rs, String error, Instant now) {
        String message = "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": " + error;
        List<DeploymentAction> actions = new ArrayList<>();
        Integer deadline = d.getSpec().getProgressDeadlineSeconds();
        if (deadline != null && deadline != Integer.MAX_VALUE) {
            DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : ObjectCopy.of(d.getStatus());
            DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "False",
                    DeploymentConditions.FAILED_RS_CREATE, message, now));
            if (!DeploymentSync.sameStatus(d.getStatus(), status)) actions.add(new UpdateStatus(DeploymentSync.normalized(status)));
        }
        actions.add(new RecordEvent("Warning", DeploymentConditions.FAILED_RS_CREATE, message));
        return actions;
    }

    /**
     * The new ReplicaSet's name is taken. When the Deployment already controls it with this template,
     * it is the new ReplicaSet (the cache was behind): nothing to do. Otherwise it is a hash collision:
     * count it in status.collisionCount, which changes the hash the next sync computes.
     */
    public List<DeploymentAction> replicaSetNameTaken(Deployment d, ReplicaSet existing) {
        String uid = d.getMetadata().getUid();
        boolean ours = ControllerRefs.controllerOf(existing).map(OwnerReference::getUid).filter(u -> Objects.equals(u, uid)).isPresent();
        if (ours && PodTemplateEquality.equalIgnoringHash(d.getSpec().getTemplate(), existing.getSpec().getTemplate())) return List.of();
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : ObjectCopy.of(d.getStatus());
        status.setCollisionCount((status.getCollisionCount() == null ? 0 : status.getCollisionCount()) + 1);
        return List.of(new UpdateStatus(DeploymentSync.normalized(status)));
    }
}

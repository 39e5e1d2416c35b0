package dev.beluga.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;

/**
 * One step the Deployment controller's loop applies through the API, in the order planned; the loop
 * stops at the first that fails and retries the Deployment with backoff.
 *
 * <p>A ReplicaSet written twice in one sync is written the second time from the first write's result:
 * the planner gives each written ReplicaSet a {@code plannedVersion} (a placeholder resourceVersion)
 * that later actions carry, and the loop swaps in the resourceVersion the API returned. A ReplicaSet
 * planned from a stale copy keeps its real (old) resourceVersion and conflicts, as upstream's would.
 */
public sealed interface DeploymentAction {
    /** Prefix of the placeholder resourceVersions. */
    String PLANNED = "planned/";

    /** Make the Deployment the controller of an orphan ReplicaSet that matches its selector. */
    record AdoptReplicaSet(ReplicaSet replicaSet, String plannedVersion) implements DeploymentAction {}

    /** Drop the Deployment's reference from a ReplicaSet that no longer matches its selector. */
    record ReleaseReplicaSet(ReplicaSet replicaSet) implements DeploymentAction {}

    /** Create the ReplicaSet of a new revision ("&lt;deployment&gt;-&lt;hash&gt;"). */
    record CreateReplicaSet(ReplicaSet replicaSet, String plannedVersion) implements DeploymentAction {}

    /** PUT this ReplicaSet (replicas, annotations, minReadySeconds), conditioned on its resourceVersion. */
    record UpdateReplicaSet(ReplicaSet replicaSet, String plannedVersion) implements DeploymentAction {}

    /** Delete an old revision past revisionHistoryLimit (conditioned on its uid). */
    record DeleteReplicaSet(ReplicaSet replicaSet) implements DeploymentAction {}

    /** Write the Deployment's status, conditioned on the resourceVersion it was planned from. */
    record UpdateStatus(DeploymentStatus status) implements DeploymentAction {}

    /** Set the Deployment's deployment.kubernetes.io/revision annotation. */
    record SetRevision(String revision) implements DeploymentAction {}

    /** An event on the Deployment ("Normal"/"Warning"), recorded once the writes before it succeeded. */
    record RecordEvent(String type, String reason, String message) implements DeploymentAction {}

    /** Look again after this long (a progress deadline to check). */
    record RequeueAfter(Duration delay) implements DeploymentAction {}
}

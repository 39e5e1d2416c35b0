package dev.beluga.controller.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.util.List;

/** One step the ReplicaSet controller's loop applies through the API, in the order planned. */
public sealed interface ReplicaSetAction {
    /** Make the ReplicaSet the controller of this orphan that matches its selector. */
    record AdoptPod(Pod pod) implements ReplicaSetAction {}

    /** Drop the ReplicaSet's reference from a pod it controls that no longer matches its selector. */
    record ReleasePod(Pod pod) implements ReplicaSetAction {}

    /** Create this many pods from the template (in slow-start batches). */
    record CreatePods(int count) implements ReplicaSetAction {}

    /** Delete these pods, chosen least valuable first. */
    record DeletePods(List<Pod> pods) implements ReplicaSetAction {
        public DeletePods {
            pods = List.copyOf(pods);
        }
    }

    /** Write this status (it differs from the stored one). */
    record UpdateStatus(ReplicaSetStatus status) implements ReplicaSetAction {}

    /** Look again after this long (a pod becomes available once Ready for minReadySeconds). */
    record RequeueAfter(Duration delay) implements ReplicaSetAction {}
}

package dev.beluga.scheduler;

import dev.beluga.scheduler.algorithm.Profile;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/** The facts about a pod that decide whether and how the scheduler handles it. */
final class PodStates {
    private PodStates() {}

    static boolean assigned(Pod pod) {
        String node = pod.getSpec().getNodeName();
        return node != null && !node.isEmpty();
    }

    /** Succeeded or Failed: the pod holds no resources any more (upstream's scheduler does not even watch these). */
    static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean deleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** Pods for this scheduler: schedulerName default-scheduler (what defaulting sets when absent). */
    static boolean forUs(Pod pod, String schedulerName) {
        String name = pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? Profile.DEFAULT_SCHEDULER.equals(schedulerName) : name.equals(schedulerName);
    }

    /** Whether a change to a pending pod can change where it fits: anything but its status and bookkeeping. */
    static boolean changedForScheduling(Pod before, Pod after) {
        return !Objects.equals(before.getSpec(), after.getSpec())
                || !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
    }
}

package dev.beluga.scheduler;

import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.scheduler.cache.PodKeys;
import dev.beluga.scheduler.cache.SchedulerCache;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Routes pod events (upstream's addAllEventHandlers for pods): bound pods go to the cache, pending
 * pods for this scheduler go to the queue. A bound pod that goes away or finishes frees resources,
 * so unschedulable pods are retried; a new bound pod may satisfy a pending pod's required affinity.
 */
final class PodEventHandler implements ResourceHandler<Pod> {
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final String schedulerName;
    private volatile boolean stopped;

    PodEventHandler(SchedulerCache cache, SchedulingQueue queue, String schedulerName) {
        this.cache = cache;
        this.queue = queue;
        this.schedulerName = schedulerName;
    }

    /** Informers cannot drop handlers: a stopped scheduler's handler just ignores events. */
    void stop() {
        stopped = true;
    }

    @Override
    public void onAdd(Pod pod) {
        if (stopped || PodStates.terminated(pod)) return;
        if (PodStates.assigned(pod)) {
            addBound(pod);
        } else if (pending(pod)) {
            queue.add(PodInfo.of(pod));
        }
    }

    @Override
    public void onUpdate(Pod before, Pod pod) {
        if (stopped) return;
        if (PodStates.assigned(pod)) {
            if (!PodStates.assigned(before)) {
                queue.delete(PodKeys.key(pod));
                if (!PodStates.terminated(pod)) addBound(pod);
                return;
            }
            if (PodStates.terminated(pod)) {
                if (!PodStates.terminated(before)) {
                    cache.removePod(pod);
                    queue.moveAllToActiveOrBackoff();
                }
                return;
            }
            if (PodStates.changedForScheduling(before, pod)) {
                cache.updatePod(pod);
                // Other pods' labels feed affinity terms; a resize can free resources.
                queue.moveAllToActiveOrBackoff();
            } else {
                cache.refreshPod(pod); // a status update: nothing to parse again
            }
            return;
        }
        String key = PodKeys.key(pod);
        if (!pending(pod)) {
            queue.delete(key);
        } else if (!cache.isAssumed(key)) {
            // An assumed pod's binding is on its way; its updates until then change nothing.
            queue.update(PodInfo.of(pod), PodStates.changedForScheduling(before, pod));
        }
    }

    @Override
    public void onDelete(Pod pod) {
        if (stopped) return;
        String key = PodKeys.key(pod);
        queue.delete(key);
        if (cache.isPlaced(key)) {
            cache.removePod(pod);
            queue.moveAllToActiveOrBackoff();
        }
    }

    private boolean pending(Pod pod) {
        return PodStates.forUs(pod, schedulerName) && !PodStates.deleting(pod) && !PodStates.terminated(pod);
    }

    private void addBound(Pod pod) {
        cache.addPod(pod);
        // Only a pending pod's required (positive) affinity or its spread constraints (a higher minimum)
        // can be helped by one more bound pod.
        queue.moveToActiveOrBackoff(waiting -> !waiting.requiredAffinityTerms().isEmpty() || !waiting.hardSpreadConstraints().isEmpty());
    }
}

package dev.beluga.scheduler.queue;

import dev.beluga.scheduler.framework.PodInfo;

/**
 * A pending pod in the scheduling queue, with what the queue tracks about it (upstream's
 * QueuedPodInfo): when it was last queued, how many times it was tried, where it is now. Fields
 * change only under the queue's lock.
 */
public final class QueuedPod {
    enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, IN_FLIGHT, GONE }

    private final long sequence;
    PodInfo pod;
    long queuedAtNanos;
    long backoffExpiryNanos;
    int attempts;
    long cycle;
    Where where = Where.GONE;
    /** While being scheduled, the pod changed in a way that may make it schedulable, or the cluster did. */
    boolean changedInFlight;

    QueuedPod(PodInfo pod, long sequence, long now) {
        this.pod = pod;
        this.sequence = sequence;
        this.queuedAtNanos = now;
    }

    public PodInfo pod() {
        return pod;
    }

    public String key() {
        return pod.key();
    }

    /** How many times the pod was handed out for scheduling. */
    public int attempts() {
        return attempts;
    }

    /** The scheduling cycle that handed the pod out. */
    public long cycle() {
        return cycle;
    }

    long sequence() {
        return sequence;
    }

    boolean gated() {
        var gates = pod.pod().getSpec().getSchedulingGates();
        return gates != null && !gates.isEmpty();
    }

    @Override
    public String toString() {
        return "QueuedPod[" + pod.key() + ", " + where + ", attempts=" + attempts + "]";
    }
}

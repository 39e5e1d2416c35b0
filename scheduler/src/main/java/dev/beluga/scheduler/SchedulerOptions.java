package dev.beluga.scheduler;

import java.time.Duration;

/**
 * How the scheduler behaves; {@link #defaults()} are upstream's.
 *
 * @param percentageOfNodesToScore 0 = upstream's adaptive share (50% - nodes/125, at least 5% and 100 nodes)
 * @param initialBackoff           a failed pod's first wait before it is retried (doubles per attempt)
 * @param maxBackoff               the longest such wait
 * @param maxInUnschedulable       an unschedulable pod is retried after this long even if nothing changed
 * @param maxBindsInFlight         bindings written concurrently; the scheduling loop waits when all are busy
 */
public record SchedulerOptions(int percentageOfNodesToScore, Duration initialBackoff, Duration maxBackoff,
                               Duration maxInUnschedulable, int maxBindsInFlight) {
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(0, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 512);
    }

    public SchedulerOptions withBackoff(Duration initial, Duration max) {
        return new SchedulerOptions(percentageOfNodesToScore, initial, max, maxInUnschedulable, maxBindsInFlight);
    }
}

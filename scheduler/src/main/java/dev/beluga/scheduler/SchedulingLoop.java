package dev.beluga.scheduler;

import dev.beluga.scheduler.algorithm.ScheduleResult;
import dev.beluga.scheduler.algorithm.SchedulingAlgorithm;
import dev.beluga.scheduler.cache.SchedulerCache;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.queue.QueuedPod;
import dev.beluga.scheduler.queue.SchedulingQueue;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling thread (upstream's scheduleOne, in a loop): take the next pod, decide with the cache
 * held still, assume the pod on its node, hand the binding to the {@link Binder}; or, when nothing
 * fits, park the pod as unschedulable and report why.
 */
final class SchedulingLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final SchedulingAlgorithm algorithm;
    private final Binder binder;
    private final UnschedulableReporter reporter;
    private final BooleanSupplier synced;

    SchedulingLoop(SchedulingQueue queue, SchedulerCache cache, SchedulingAlgorithm algorithm, Binder binder,
                   UnschedulableReporter reporter, BooleanSupplier synced) {
        this.queue = queue;
        this.cache = cache;
        this.algorithm = algorithm;
        this.binder = binder;
        this.reporter = reporter;
        this.synced = synced;
    }

    @Override
    public void run() {
        try {
            // Decisions need the whole cluster: wait until the informers have listed (upstream's WaitForCacheSync).
            while (!synced.getAsBoolean()) {
                if (queue.isClosed()) return;
                Thread.sleep(10);
            }
            while (true) {
                Optional<QueuedPod> next = queue.pop();
                if (next.isEmpty()) return;
                scheduleOne(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("the scheduling loop stopped", e);
            throw e;
        }
    }

    void scheduleOne(QueuedPod queued) throws InterruptedException {
        PodInfo pod = queued.pod();
        if (PodStates.deleting(pod.pod()) || cache.isPlaced(pod.key())) {
            queue.done(queued);
            return;
        }
        ScheduleResult result;
        try {
            result = cache.locked(() -> {
                ScheduleResult r = algorithm.schedule(pod, cache.candidates(), cache);
                if (r instanceof ScheduleResult.Scheduled s) cache.assume(pod, s.node());
                return r;
            });
        } catch (RuntimeException e) {
            log.error("scheduling {} failed; retrying after backoff", pod.key(), e);
            queue.requeueAfterError(queued);
            return;
        }
        switch (result) {
            case ScheduleResult.Scheduled s -> binder.bind(queued, s.node());
            case ScheduleResult.Unschedulable u -> {
                queue.requeueUnschedulable(queued);
                reporter.report(pod.pod(), u.message());
            }
        }
    }
}

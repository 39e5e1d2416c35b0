package dev.beluga.kubelet.sync;

import dev.beluga.kubelet.CoalescingRunner;
import dev.beluga.kubelet.pod.RestartBackOff;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes the syncs of one pod (upstream's pod worker): a trigger while a sync runs makes one
 * more sync follow it; no thread exists while the pod is settled. Syncs run on virtual threads.
 */
final class PodWorker {
    private static final Logger log = LoggerFactory.getLogger(PodWorker.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final String uid;
    private final PodSyncer syncer;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Consumer<PodWorker> onTornDown;
    private final PodMemory memory;
    private volatile Pod pod;
    private volatile boolean removed;
    private final CoalescingRunner runs;
    private Duration retry = FIRST_RETRY;
    /** The one pending timed re-sync (guarded by this). */
    private ScheduledFuture<?> resync;

    PodWorker(String uid, Pod pod, PodSyncer syncer, RestartBackOff backOff, ScheduledExecutorService timers, Clock clock,
              Consumer<PodWorker> onTornDown) {
        this.uid = uid;
        this.pod = pod;
        this.syncer = syncer;
        this.timers = timers;
        this.clock = clock;
        this.onTornDown = onTornDown;
        this.memory = new PodMemory(backOff);
        this.runs = new CoalescingRunner("pod-" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), this::syncAndGoOn);
    }

    String uid() {
        return uid;
    }

    Pod pod() {
        return pod;
    }

    /** The pod with the status this kubelet last wrote for it (the API's until the first write). */
    Pod podWithLatestStatus() {
        Pod current = pod;
        return memory.lastWritten.map(s -> new io.fabric8.kubernetes.api.model.PodBuilder(current).withStatus(s).build()).orElse(current);
    }

    boolean removed() {
        return removed;
    }

    void update(Pod latest) {
        pod = latest;
        trigger();
    }

    /** The latest object, when nothing in it asks for a sync (a status-only change). */
    void refresh(Pod latest) {
        if (!removed) pod = latest;
    }

    /** Evicts the pod (once: a later eviction's message does not replace the first). */
    void evict(String message) {
        synchronized (this) {
            if (memory.eviction.isPresent()) return;
            memory.eviction = Optional.of(message);
        }
        trigger();
    }

    boolean evicted() {
        return memory.eviction.isPresent();
    }

    void remove(Pod lastKnown) {
        pod = lastKnown;
        removed = true;
        trigger();
    }

    /** Asks for a sync; cheap and non-blocking, callable from any thread. */
    void trigger() {
        runs.trigger();
    }

    void close() {
        runs.close();
    }

    /** One sync; a torn-down pod's worker closes and leaves (no sync follows). */
    private boolean syncAndGoOn() {
        if (syncOnce() instanceof SyncResult.TornDown) {
            runs.close();
            onTornDown.accept(this);
            return false;
        }
        return true;
    }

    private SyncResult syncOnce() {
        if (runs.closed()) return new SyncResult.Settled(Optional.empty());
        try {
            SyncResult result = syncer.sync(uid, pod, removed, memory);
            retry = FIRST_RETRY;
            if (result instanceof SyncResult.Settled(var at) && at.isPresent()) schedule(Duration.between(clock.instant(), at.get()));
            return result;
        } catch (RuntimeException e) {
            log.warn("sync of pod {}/{} failed, retrying in {}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), retry, e.toString());
            log.debug("sync failure", e);
            schedule(retry);
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            return new SyncResult.Settled(Optional.empty());
        }
    }

    /**
     * At most one timed re-sync per pod, the latest sync's, as upstream's pod work queue keys its delayed items by pod
     * uid: a pod re-synced on a timer each time (one waiting on its image) would otherwise gain another timer with every
     * sync an update or event caused, and sync ever more often.
     */
    private synchronized void schedule(Duration delay) {
        long millis = Math.max(0, delay.toMillis()) + 1;
        if (resync != null) resync.cancel(false);
        try {
            resync = timers.schedule(this::trigger, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The kubelet is shutting down.
        }
    }
}

package dev.beluga.scheduler.queue;

import dev.beluga.scheduler.framework.PodInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Upstream's PriorityQueue for pending pods, in three parts:
 * <ul>
 * <li>activeQ: pods to try now, highest priority first, then first queued first;</li>
 * <li>backoffQ: pods waiting out their backoff (initial 1 s, doubling per attempt, at most 10 s),
 *     which become active when it ends;</li>
 * <li>unschedulable: pods that fit nowhere, retried when the cluster changes in a way that may help
 *     ({@link #moveAllToActiveOrBackoff}: a node added or changed, a pod deleted or finished), and at
 *     the latest after {@code maxInUnschedulable} (upstream's podMaxInUnschedulablePodsDuration, 5
 *     minutes), checked every 30 seconds as upstream does.</li>
 * </ul>
 * A change that happens while a pod is being scheduled (in flight) and may help it is not lost: its
 * failure then sends it to backoffQ rather than unschedulable (upstream's moveRequestCycle, per pod).
 * Pods with scheduling gates wait in unschedulable until the gates are removed.
 */
public final class SchedulingQueue implements AutoCloseable {
    static final Duration LEFTOVER_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final long maxInUnschedulableNanos;
    private final LongSupplier clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<QueuedPod> active = new TreeSet<>(
            Comparator.comparingInt((QueuedPod p) -> -p.pod.priority())
                    .thenComparingLong(p -> p.queuedAtNanos)
                    .thenComparingLong(QueuedPod::sequence));
    private final TreeSet<QueuedPod> backoff = new TreeSet<>(
            Comparator.comparingLong((QueuedPod p) -> p.backoffExpiryNanos).thenComparingLong(QueuedPod::sequence));
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    private final Map<String, QueuedPod> pending = new HashMap<>();
    private final Map<String, QueuedPod> inFlight = new HashMap<>();
    private long sequence;
    private long schedulingCycle;
    private long nextLeftoverCheck;
    private boolean closed;

    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff, Duration maxInUnschedulable, LongSupplier nanoClock) {
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.maxInUnschedulableNanos = maxInUnschedulable.toNanos();
        this.clock = nanoClock;
        this.nextLeftoverCheck = nanoClock.getAsLong() + LEFTOVER_CHECK_INTERVAL.toNanos();
    }

    /** Upstream's defaults: backoff 1 s to 10 s, unschedulable pods retried after 5 minutes at the latest. */
    public static SchedulingQueue withDefaults() {
        return new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), System::nanoTime);
    }

    // ------------------------------------------------------------------ pods arriving, changing, leaving

    /** A new pending pod: tried as soon as possible (or held while it has scheduling gates). */
    public void add(PodInfo pod) {
        lock.lock();
        try {
            if (pending.containsKey(pod.key()) || inFlight.containsKey(pod.key())) {
                updateLocked(pod, true);
                return;
            }
            QueuedPod qp = new QueuedPod(pod, sequence++, clock.getAsLong());
            pending.put(pod.key(), qp);
            if (qp.gated()) toUnschedulable(qp);
            else toActive(qp);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pending pod changed. {@code mayNowFit}: the change can affect where it fits (spec or labels),
     * unlike a status update, so a pod waiting as unschedulable is retried.
     */
    public void update(PodInfo pod, boolean mayNowFit) {
        lock.lock();
        try {
            updateLocked(pod, mayNowFit);
        } finally {
            lock.unlock();
        }
    }

    private void updateLocked(PodInfo pod, boolean mayNowFit) {
        QueuedPod flying = inFlight.get(pod.key());
        if (flying != null) {
            flying.pod = pod;
            if (mayNowFit) flying.changedInFlight = true;
            return;
        }
        QueuedPod qp = pending.get(pod.key());
        if (qp == null) {
            QueuedPod fresh = new QueuedPod(pod, sequence++, clock.getAsLong());
            pending.put(pod.key(), fresh);
            if (fresh.gated()) toUnschedulable(fresh);
            else toActive(fresh);
            return;
        }
        switch (qp.where) {
            case ACTIVE, BACKOFF -> qp.pod = pod; // priority is immutable, so the position holds
            case UNSCHEDULABLE -> {
                boolean wasGated = qp.gated();
                qp.pod = pod;
                if (qp.gated()) return;
                if (wasGated) {
                    unschedulable.remove(qp.key());
                    toActive(qp);
                } else if (mayNowFit) {
                    unschedulable.remove(qp.key());
                    toActiveOrBackoff(qp, clock.getAsLong());
                }
            }
            default -> throw new IllegalStateException("pending pod in state " + qp.where);
        }
    }

    /** The pod is no longer pending (deleted, or bound by someone else). */
    public void delete(String key) {
        lock.lock();
        try {
            QueuedPod flying = inFlight.get(key);
            if (flying != null) flying.where = QueuedPod.Where.GONE;
            QueuedPod qp = pending.remove(key);
            if (qp == null) return;
            switch (qp.where) {
                case ACTIVE -> active.remove(qp);
                case BACKOFF -> backoff.remove(qp);
                case UNSCHEDULABLE -> unschedulable.remove(key);
                default -> { }
            }
            qp.where = QueuedPod.Where.GONE;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ scheduling

    /** The next pod to schedule, waiting for one; empty once the queue is closed. */
    public Optional<QueuedPod> pop() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = clock.getAsLong();
                QueuedPod qp = takeLocked(now);
                if (qp != null) return Optional.of(qp);
                long wait = nextLeftoverCheck - now;
                if (!backoff.isEmpty()) wait = Math.min(wait, backoff.first().backoffExpiryNanos - now);
                changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** The next pod to schedule if one is ready now. */
    public Optional<QueuedPod> poll() {
        lock.lock();
        try {
            return closed ? Optional.empty() : Optional.ofNullable(takeLocked(clock.getAsLong()));
        } finally {
            lock.unlock();
        }
    }

    private QueuedPod takeLocked(long now) {
        flushBackoffCompleted(now);
        if (now - nextLeftoverCheck >= 0) {
            flushUnschedulableLeftover(now);
            nextLeftoverCheck = now + LEFTOVER_CHECK_INTERVAL.toNanos();
        }
        QueuedPod qp = active.pollFirst();
        if (qp == null) return null;
        pending.remove(qp.key());
        qp.where = QueuedPod.Where.IN_FLIGHT;
        qp.attempts++;
        qp.cycle = ++schedulingCycle;
        qp.changedInFlight = false;
        inFlight.put(qp.key(), qp);
        return qp;
    }

    /** The pod was placed (its binding is on its way): the queue forgets it. */
    public void done(QueuedPod qp) {
        lock.lock();
        try {
            inFlight.remove(qp.key(), qp);
            if (qp.where == QueuedPod.Where.IN_FLIGHT) qp.where = QueuedPod.Where.GONE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pod fits nowhere: it waits as unschedulable until something changes, or in backoffQ when
     * something already changed while it was being scheduled.
     */
    public void requeueUnschedulable(QueuedPod qp) {
        requeue(qp, true);
    }

    /** Scheduling or binding failed for another reason (an API error): retried after its backoff. */
    public void requeueAfterError(QueuedPod qp) {
        requeue(qp, false);
    }

    private void requeue(QueuedPod qp, boolean unschedulableReason) {
        lock.lock();
        try {
            inFlight.remove(qp.key(), qp);
            if (qp.where != QueuedPod.Where.IN_FLIGHT || closed) return; // deleted meanwhile
            if (pending.containsKey(qp.key())) return; // re-added meanwhile: that entry wins
            long now = clock.getAsLong();
            qp.queuedAtNanos = now;
            pending.put(qp.key(), qp);
            if (unschedulableReason && !qp.changedInFlight) toUnschedulable(qp);
            else toBackoff(qp);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ cluster events

    /** Something changed that may let unschedulable pods fit: retry them all (after their backoff). */
    public void moveAllToActiveOrBackoff() {
        moveToActiveOrBackoff(p -> true);
    }

    /** As {@link #moveAllToActiveOrBackoff()} for the unschedulable pods this change may help. */
    public void moveToActiveOrBackoff(Predicate<PodInfo> mayHelp) {
        lock.lock();
        try {
            long now = clock.getAsLong();
            List<QueuedPod> moving = new ArrayList<>();
            for (QueuedPod qp : unschedulable.values()) {
                if (!qp.gated() && mayHelp.test(qp.pod)) moving.add(qp);
            }
            for (QueuedPod qp : moving) {
                unschedulable.remove(qp.key());
                toActiveOrBackoff(qp, now);
            }
            for (QueuedPod qp : inFlight.values()) {
                if (mayHelp.test(qp.pod)) qp.changedInFlight = true;
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ internals

    private void toActive(QueuedPod qp) {
        qp.where = QueuedPod.Where.ACTIVE;
        active.add(qp);
        changed.signalAll();
    }

    private void toBackoff(QueuedPod qp) {
        qp.where = QueuedPod.Where.BACKOFF;
        qp.backoffExpiryNanos = qp.queuedAtNanos + backoffNanos(qp.attempts);
        backoff.add(qp);
        changed.signalAll();
    }

    private void toUnschedulable(QueuedPod qp) {
        qp.where = QueuedPod.Where.UNSCHEDULABLE;
        unschedulable.put(qp.key(), qp);
    }

    private void toActiveOrBackoff(QueuedPod qp, long now) {
        if (isBackingOff(qp, now)) toBackoff(qp);
        else toActive(qp);
    }

    private boolean isBackingOff(QueuedPod qp, long now) {
        return qp.attempts > 0 && qp.queuedAtNanos + backoffNanos(qp.attempts) - now > 0;
    }

    /** Upstream's calculateBackoffDuration: initial, doubled per further attempt, capped. */
    long backoffNanos(int attempts) {
        long d = initialBackoffNanos;
        for (int i = 1; i < attempts; i++) {
            if (d > maxBackoffNanos - d) return maxBackoffNanos;
            d += d;
        }
        return Math.min(d, maxBackoffNanos);
    }

    private void flushBackoffCompleted(long now) {
        while (!backoff.isEmpty() && backoff.first().backoffExpiryNanos - now <= 0) {
            QueuedPod qp = backoff.pollFirst();
            qp.where = QueuedPod.Where.ACTIVE;
            active.add(qp);
        }
    }

    private void flushUnschedulableLeftover(long now) {
        List<QueuedPod> stale = new ArrayList<>();
        for (QueuedPod qp : unschedulable.values()) {
            if (!qp.gated() && now - qp.queuedAtNanos >= maxInUnschedulableNanos) stale.add(qp);
        }
        for (QueuedPod qp : stale) {
            unschedulable.remove(qp.key());
            toActiveOrBackoff(qp, now);
        }
    }

    /** How many pods wait where. */
    public record Counts(int active, int backoff, int unschedulable, int inFlight) {}

    public Counts counts() {
        lock.lock();
        try {
            return new Counts(active.size(), backoff.size(), unschedulable.size(), inFlight.size());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pod with this key waits in the queue or is being scheduled. */
    public boolean contains(String key) {
        lock.lock();
        try {
            return pending.containsKey(key) || inFlight.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

package dev.beluga.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.PodInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), now::get);

    private static PodInfo pod(String name) {
        return PodInfo.of(Fixtures.pod(name).build());
    }

    private static PodInfo pod(String name, int priority) {
        return PodInfo.of(Fixtures.pod(name).editSpec().withPriority(priority).endSpec().build());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private String next() {
        return queue.poll().map(QueuedPod::key).orElse("(none)");
    }

    @Test
    void activeQueueIsPriorityThenFirstIn() {
        queue.add(pod("low-1", 0));
        advance(Duration.ofMillis(1));
        queue.add(pod("high", 100));
        advance(Duration.ofMillis(1));
        queue.add(pod("low-2", 0));
        queue.add(pod("low-3", 0)); // same instant: insertion order decides
        assertThat(next()).isEqualTo("default/high");
        assertThat(next()).isEqualTo("default/low-1");
        assertThat(next()).isEqualTo("default/low-2");
        assertThat(next()).isEqualTo("default/low-3");
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void unschedulablePodsWaitForAnEventThenRespectTheirBackoff() {
        queue.add(pod("p"));
        QueuedPod qp = queue.poll().orElseThrow();
        assertThat(qp.attempts()).isEqualTo(1);
        queue.requeueUnschedulable(qp);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 1, 0));

        advance(Duration.ofMillis(500));
        queue.moveAllToActiveOrBackoff();
        // Still inside its 1 s backoff: waits in backoffQ.
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 1, 0, 0));
        assertThat(queue.poll()).isEmpty();
        advance(Duration.ofMillis(500));
        qp = queue.poll().orElseThrow();
        assertThat(qp.attempts()).isEqualTo(2);

        // Second failure: 2 s backoff.
        queue.requeueUnschedulable(qp);
        advance(Duration.ofSeconds(5));
        queue.moveAllToActiveOrBackoff();
        assertThat(queue.counts().active()).as("backoff over: straight to activeQ").isEqualTo(1);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        assertThat(queue.backoffNanos(1)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(queue.backoffNanos(2)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(queue.backoffNanos(4)).isEqualTo(Duration.ofSeconds(8).toNanos());
        assertThat(queue.backoffNanos(5)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(queue.backoffNanos(60)).isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void errorsRetryAfterBackoffWithoutAnEvent() {
        queue.add(pod("p"));
        QueuedPod qp = queue.poll().orElseThrow();
        queue.requeueAfterError(qp);
        assertThat(queue.poll()).isEmpty();
        advance(Duration.ofMillis(999));
        assertThat(queue.poll()).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(next()).isEqualTo("default/p");
    }

    @Test
    void aChangeWhileInFlightSendsTheFailureToBackoffInsteadOfUnschedulable() {
        queue.add(pod("p"));
        QueuedPod qp = queue.poll().orElseThrow();
        queue.moveAllToActiveOrBackoff(); // e.g. a node was added while p was being scheduled
        queue.requeueUnschedulable(qp);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 1, 0, 0));
        advance(Duration.ofSeconds(1));
        assertThat(next()).isEqualTo("default/p");
    }

    @Test
    void selectiveMovesOnlyTouchPodsTheEventMayHelp() {
        queue.add(pod("a"));
        queue.add(pod("b"));
        QueuedPod a = queue.poll().orElseThrow();
        QueuedPod b = queue.poll().orElseThrow();
        queue.requeueUnschedulable(a);
        queue.requeueUnschedulable(b);
        advance(Duration.ofSeconds(2));
        queue.moveToActiveOrBackoff(p -> p.key().equals("default/b"));
        assertThat(next()).isEqualTo("default/b");
        assertThat(queue.counts().unschedulable()).isEqualTo(1);
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutesAnyway() {
        queue.add(pod("p"));
        queue.requeueUnschedulable(queue.poll().orElseThrow());
        advance(Duration.ofMinutes(4));
        assertThat(queue.poll()).isEmpty();
        advance(Duration.ofMinutes(1).plusSeconds(30));
        assertThat(next()).isEqualTo("default/p");
    }

    @Test
    void specUpdatesRetryAnUnschedulablePodButStatusUpdatesDoNot() {
        queue.add(pod("p"));
        QueuedPod qp = queue.poll().orElseThrow();
        queue.requeueUnschedulable(qp);
        advance(Duration.ofSeconds(2));
        PodInfo newer = qp.pod().withPod(qp.pod().pod());
        queue.update(newer, false);
        assertThat(queue.poll()).isEmpty();
        queue.update(newer, true);
        assertThat(queue.poll().map(QueuedPod::pod)).contains(newer);
    }

    @Test
    void updatesWhileInFlightReachTheInFlightEntry() {
        queue.add(pod("p"));
        QueuedPod qp = queue.poll().orElseThrow();
        PodInfo newer = pod("p");
        queue.update(newer, true);
        assertThat(qp.pod()).isSameAs(newer);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0, 1));
        queue.requeueUnschedulable(qp);
        assertThat(queue.counts().backoff()).isEqualTo(1);
    }

    @Test
    void deletedPodsLeaveEveryPartAndAreNotRequeued() {
        queue.add(pod("a"));
        queue.add(pod("b"));
        queue.delete("default/a");
        QueuedPod b = queue.poll().orElseThrow();
        assertThat(b.key()).isEqualTo("default/b");
        queue.delete("default/b");
        queue.requeueUnschedulable(b);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0, 0));
        assertThat(queue.contains("default/b")).isFalse();
    }

    @Test
    void doneForgetsThePod() {
        queue.add(pod("p"));
        QueuedPod qp = queue.poll().orElseThrow();
        assertThat(queue.contains("default/p")).isTrue();
        queue.done(qp);
        assertThat(queue.contains("default/p")).isFalse();
        queue.requeueAfterError(qp);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0, 0));
    }

    @Test
    void gatedPodsWaitUntilTheirGatesAreRemoved() {
        PodInfo gated = PodInfo.of(Fixtures.pod("g").editSpec().addNewSchedulingGate("example.com/wait").endSpec().build());
        queue.add(gated);
        queue.moveAllToActiveOrBackoff();
        advance(Duration.ofMinutes(10));
        assertThat(queue.poll()).isEmpty();
        queue.update(PodInfo.of(Fixtures.pod("g").build()), true);
        assertThat(next()).isEqualTo("default/g");
    }

    @Test
    void popWaitsForAPodAndEndsWhenClosed() throws Exception {
        SchedulingQueue real = SchedulingQueue.withDefaults();
        Thread adder = Thread.ofVirtual().start(() -> real.add(pod("later")));
        Optional<QueuedPod> got = real.pop();
        adder.join();
        assertThat(got.map(QueuedPod::key)).contains("default/later");
        Thread closer = Thread.ofVirtual().start(real::close);
        assertThat(real.pop()).isEmpty();
        closer.join();
    }
}

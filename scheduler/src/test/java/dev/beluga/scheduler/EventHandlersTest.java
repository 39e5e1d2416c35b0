package dev.beluga.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.cache.SchedulerCache;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.queue.QueuedPod;
import dev.beluga.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How informer events reach the queue and the cache. */
class EventHandlersTest {
    private final AtomicLong now = new AtomicLong();
    private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), now::get);
    private final SchedulerCache cache = new SchedulerCache(ns -> Map.of());
    private final PodEventHandler pods = new PodEventHandler(cache, queue, "default-scheduler");
    private final NodeEventHandler nodes = new NodeEventHandler(cache, queue);

    private static Pod bound(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    private QueuedPod parkUnschedulable(Pod pod) {
        pods.onAdd(pod);
        QueuedPod qp = queue.poll().orElseThrow();
        queue.requeueUnschedulable(qp);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        return qp;
    }

    @Test
    void pendingPodsForThisSchedulerAreQueuedOthersAreNot() {
        pods.onAdd(Fixtures.pod("mine").build());
        pods.onAdd(Fixtures.pod("theirs").editSpec().withSchedulerName("other").endSpec().build());
        pods.onAdd(Fixtures.pod("done").withNewStatus().withPhase("Succeeded").endStatus().build());
        pods.onAdd(Fixtures.pod("leaving").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build());
        assertThat(queue.counts().active()).isEqualTo(1);
        assertThat(queue.contains("default/mine")).isTrue();
    }

    @Test
    void aPodBoundElsewhereLeavesTheQueueAndEntersTheCache() {
        nodes.onAdd(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod pending = Fixtures.pod("p", "1", null).build();
        pods.onAdd(pending);
        pods.onUpdate(pending, bound(pending, "n1"));
        assertThat(queue.contains("default/p")).isFalse();
        assertThat(cache.node("n1").orElseThrow().requestedMilliCpu()).isEqualTo(1000);
    }

    @Test
    void aFinishedOrDeletedBoundPodFreesItsResourcesAndRetriesUnschedulablePods() {
        nodes.onAdd(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod running = bound(Fixtures.pod("r", "1", null).build(), "n1");
        pods.onAdd(running);
        parkUnschedulable(Fixtures.pod("waiting").build());
        assertThat(queue.counts().unschedulable()).isEqualTo(1);

        Pod finished = new PodBuilder(running).withNewStatus().withPhase("Succeeded").endStatus().build();
        pods.onUpdate(running, finished);
        assertThat(cache.node("n1").orElseThrow().requestedMilliCpu()).isZero();
        assertThat(queue.counts().active()).isEqualTo(1);

        Pod other = bound(Fixtures.pod("o", "1", null).build(), "n1");
        pods.onAdd(other);
        queue.poll().ifPresent(queue::requeueUnschedulable);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        pods.onDelete(other);
        assertThat(cache.node("n1").orElseThrow().podCount()).isZero();
        assertThat(queue.counts().active()).isEqualTo(1);
    }

    @Test
    void statusOnlyUpdatesOfAPendingPodDoNotRetryIt() {
        Pod pod = Fixtures.pod("p").build();
        parkUnschedulable(pod);
        Pod withCondition = new PodBuilder(pod).withNewStatus().addNewCondition().withType("PodScheduled").withStatus("False").endCondition().endStatus().build();
        pods.onUpdate(pod, withCondition);
        assertThat(queue.counts().unschedulable()).isEqualTo(1);
        Pod tolerating = new PodBuilder(withCondition).editSpec().addToTolerations(new io.fabric8.kubernetes.api.model.TolerationBuilder()
                .withOperator("Exists").build()).endSpec().build();
        pods.onUpdate(withCondition, tolerating);
        assertThat(queue.counts().active()).isEqualTo(1);
    }

    @Test
    void updatesOfAnAssumedPodAreIgnoredUntilItsBindingLands() {
        nodes.onAdd(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod pod = Fixtures.pod("p").build();
        pods.onAdd(pod);
        QueuedPod qp = queue.poll().orElseThrow();
        cache.assume(PodInfo.of(pod), "n1");
        queue.done(qp);
        pods.onUpdate(pod, new PodBuilder(pod).editMetadata().addToLabels("x", "y").endMetadata().build());
        assertThat(queue.contains("default/p")).isFalse();
    }

    @Test
    void nodeChangesThatMatterRetryUnschedulablePods() {
        Node node = Fixtures.node("n1", "4", "8Gi", 110).build();
        nodes.onAdd(node);
        parkUnschedulable(Fixtures.pod("p").build());

        Node heartbeat = new NodeBuilder(node).editStatus().editFirstCondition().withLastHeartbeatTime("2026-01-01T00:00:00Z").endCondition().endStatus().build();
        nodes.onUpdate(node, heartbeat);
        assertThat(queue.counts().unschedulable()).as("a heartbeat changes nothing a filter reads").isEqualTo(1);

        assertThat(NodeEventHandler.changedForScheduling(node, new NodeBuilder(node).editSpec().withUnschedulable(true).endSpec().build())).isTrue();
        assertThat(NodeEventHandler.changedForScheduling(node, new NodeBuilder(node).editSpec()
                .addToTaints(new TaintBuilder().withKey("k").withEffect("NoSchedule").build()).endSpec().build())).isTrue();
        assertThat(NodeEventHandler.changedForScheduling(node, new NodeBuilder(node).editMetadata().addToLabels("zone", "a").endMetadata().build())).isTrue();
        Node bigger = new NodeBuilder(node).editStatus().addToAllocatable("cpu", new Quantity("8")).endStatus().build();
        assertThat(NodeEventHandler.changedForScheduling(node, bigger)).isTrue();
        nodes.onUpdate(node, bigger);
        assertThat(queue.counts().active()).isEqualTo(1);
        assertThat(cache.node("n1").orElseThrow().allocatable().milliCpu()).isEqualTo(8000);
    }

    @Test
    void stoppedHandlersIgnoreEvents() {
        pods.stop();
        nodes.stop();
        pods.onAdd(Fixtures.pod("p").build());
        nodes.onAdd(Fixtures.node("n1", "4", "8Gi", 110).build());
        assertThat(queue.counts().active()).isZero();
        assertThat(cache.candidates()).isEmpty();
    }
}

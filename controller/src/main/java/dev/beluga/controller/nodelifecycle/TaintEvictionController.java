package dev.beluga.controller.nodelifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ObjectKey;
import dev.beluga.client.Patch;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's taint eviction controller: deletes pods from nodes with NoExecute taints they do not
 * tolerate (at once, or when their tolerationSeconds run out), as {@link TaintEviction} decides.
 * A deleted pod first gets the DisruptionTarget condition (reason DeletionByTaintManager) and a
 * TaintManagerEviction event; a scheduled deletion that is called off (taint gone, toleration
 * changed) gets a "Cancelling deletion" event.
 */
public final class TaintEvictionController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaintEvictionController.class);
    static final String NODE_NAME_INDEX = "nodelifecycle/spec.nodeName";
    private static final int WORKERS = 4;

    private final Client client;
    private final EventRecorder events;
    private final Clock clock;
    private final SharedInformer<Pod> pods;
    private final SharedInformer<Node> nodes;
    private final WorkQueue<ObjectKey> queue = WorkQueue.withDefaultBackoff("taint-eviction");
    private final Map<ObjectKey, Instant> scheduled = new ConcurrentHashMap<>();
    private final ReconcileLoop<ObjectKey> loop;

    private TaintEvictionController(Client client, InformerFactory informers, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
        this.pods = informers.informer(Kind.PODS);
        this.nodes = informers.informer(Kind.NODES);
        pods.addIndex(NODE_NAME_INDEX, TaintEvictionController::nodeNameIndex);
        pods.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (!nodeOf(pod).isEmpty()) queue.add(ObjectKey.of(pod));
            }

            @Override
            public void onUpdate(Pod previous, Pod pod) {
                if (!nodeOf(pod).isEmpty() && (!nodeOf(previous).equals(nodeOf(pod))
                        || !Objects.equals(tolerations(previous), tolerations(pod)))) {
                    queue.add(ObjectKey.of(pod));
                }
            }

            @Override
            public void onDelete(Pod pod) {
                scheduled.remove(ObjectKey.of(pod));
            }
        });
        nodes.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Node node) {
                if (!noExecute(node).isEmpty()) podsOn(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node previous, Node node) {
                if (!noExecute(previous).equals(noExecute(node))) podsOn(node.getMetadata().getName());
            }
        });
        this.loop = ReconcileLoop.start("taint-eviction", queue, WORKERS, this::reconcile);
    }

    public static TaintEvictionController start(Client client, InformerFactory informers, EventRecorder events) {
        return new TaintEvictionController(client, informers, events, Clock.systemUTC());
    }

    static TaintEvictionController start(Client client, InformerFactory informers, EventRecorder events, Clock clock) {
        return new TaintEvictionController(client, informers, events, clock);
    }

    static List<String> nodeNameIndex(Pod pod) {
        String node = nodeOf(pod);
        return node.isEmpty() ? List.of() : List.of(node);
    }

    private static String nodeOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static Object tolerations(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getTolerations();
    }

    private static List<Taint> noExecute(Node node) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        return taints.stream().filter(t -> NodeTaints.NO_EXECUTE.equals(t.getEffect())).toList();
    }

    private void podsOn(String node) {
        for (Pod p : pods.lister().byIndex(NODE_NAME_INDEX, node)) queue.add(ObjectKey.of(p));
    }

    private void reconcile(ObjectKey key) {
        Optional<Pod> found = pods.lister().get(key.namespace(), key.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            scheduled.remove(key);
            return;
        }
        Pod pod = found.get();
        Optional<Node> node = nodes.lister().get("", nodeOf(pod));
        Instant now = clock.instant();
        TaintEviction.Verdict verdict = node.isEmpty() ? new TaintEviction.Verdict.Keep() : TaintEviction.decide(pod, noExecute(node.get()), now);
        switch (verdict) {
            case TaintEviction.Verdict.Keep k -> {
                if (scheduled.remove(key) != null) events.normal(pod, "TaintManagerEviction", "Cancelling deletion of Pod " + key);
            }
            case TaintEviction.Verdict.EvictAt at -> {
                scheduled.put(key, at.at());
                // A little past the deadline, so the pass it triggers finds it due.
                queue.addAfter(key, Duration.between(now, at.at()).plusMillis(10));
            }
            case TaintEviction.Verdict.EvictNow n -> evict(key, pod);
        }
    }

    private void evict(ObjectKey key, Pod pod) {
        scheduled.remove(key);
        log.info("taint eviction: deleting pod {} from node {}", key, nodeOf(pod));
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
        try {
            ObjectNode condition = Json.MAPPER.createObjectNode()
                    .put("type", "DisruptionTarget").put("status", "True")
                    .put("reason", "DeletionByTaintManager").put("message", "Taint manager: deleting due to NoExecute taint")
                    .put("lastTransitionTime", Times.format(clock.instant()));
            ObjectNode patch = Json.MAPPER.createObjectNode();
            patch.putObject("status").putArray("conditions").add(condition);
            client.patch(Kind.PODS, key.namespace(), key.name(), new Patch(Patch.Type.STRATEGIC, patch.toString(), true));
            client.delete(Kind.PODS, key.namespace(), key.name(),
                    new DeleteOptionsBuilder().withNewPreconditions().withUid(pod.getMetadata().getUid()).endPreconditions().build());
        } catch (StatusException e) {
            if (e.code() != 404) throw e;
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}

package dev.beluga.controller.podgc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pod garbage collector: every period it force-deletes (grace 0) pods bound to nodes that
 * no longer exist (after the node has been missing for the quarantine and a live GET confirms it),
 * pods being deleted that were never scheduled, and the oldest terminated pods beyond the threshold.
 * A pod deleted because its node is gone that had not finished is first marked Failed with a
 * DisruptionTarget condition (reason DeletionByPodGC), as upstream does.
 */
public final class PodGarbageCollector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PodGarbageCollector.class);

    private final Client client;
    private final SharedInformer<Pod> pods;
    private final SharedInformer<Node> nodes;
    private final PodGcSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("podgc").factory());
    /** Single-threaded: only the timer's thread touches it. */
    private Map<String, Instant> quarantined = new HashMap<>();

    private PodGarbageCollector(Client client, SharedInformer<Pod> pods, SharedInformer<Node> nodes, PodGcSettings settings, Clock clock) {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
        this.settings = settings;
        this.clock = clock;
    }

    public static PodGarbageCollector start(Client client, InformerFactory informers, EventRecorder events, PodGcSettings settings) {
        return start(client, informers, settings, Clock.systemUTC());
    }

    static PodGarbageCollector start(Client client, InformerFactory informers, PodGcSettings settings, Clock clock) {
        PodGarbageCollector gc = new PodGarbageCollector(client, informers.informer(Kind.PODS), informers.informer(Kind.NODES), settings, clock);
        long period = settings.period().toMillis();
        gc.timer.scheduleWithFixedDelay(gc::pass, period, period, TimeUnit.MILLISECONDS);
        return gc;
    }

    private void pass() {
        if (!pods.hasSynced() || !nodes.hasSynced()) return;
        try {
            collect();
        } catch (RuntimeException e) {
            log.warn("pod GC pass failed, next one retries: {}", e.getMessage());
        } catch (Error e) {
            // A scheduled task that throws is never run again: keep the collector alive, and say why.
            log.error("pod GC pass failed", e);
        }
    }

    private void collect() {
        Instant now = clock.instant();
        List<Pod> all = pods.lister().list();
        Set<String> existing = nodes.lister().list().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        quarantined = PodCollection.quarantine(quarantined, PodCollection.missingNodes(all, existing), now);
        Set<String> gone = new HashSet<>();
        for (String node : PodCollection.due(quarantined, now, settings.quarantine())) {
            if (client.get(Kind.NODES, "", node).isEmpty()) gone.add(node);
            else quarantined.remove(node);
        }
        for (PodCollection.Deletion d : PodCollection.plan(all, gone, settings.terminatedPodThreshold())) {
            try {
                if (d.reason() == PodCollection.Reason.ORPHANED && !PodCollection.terminated(d.pod())) markFailed(d.pod(), now);
                forceDelete(d.pod());
                log.info("pod GC force-deleted pod {}/{} ({})", d.pod().getMetadata().getNamespace(), d.pod().getMetadata().getName(), d.reason());
            } catch (StatusException e) {
                if (e.code() != 404) log.warn("pod GC could not delete {}/{}: {}", d.pod().getMetadata().getNamespace(), d.pod().getMetadata().getName(), e.getMessage());
            }
        }
    }

    private void markFailed(Pod pod, Instant now) {
        ObjectNode condition = Json.MAPPER.createObjectNode()
                .put("type", "DisruptionTarget").put("status", "True")
                .put("reason", "DeletionByPodGC").put("message", "PodGC: node no longer exists")
                .put("lastTransitionTime", Times.format(now));
        ObjectNode status = Json.MAPPER.createObjectNode().put("phase", "Failed");
        status.putArray("conditions").add(condition);
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.set("status", status);
        patch.putObject("metadata").put("uid", pod.getMetadata().getUid());
        client.patch(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new Patch(Patch.Type.STRATEGIC, patch.toString(), true));
    }

    private void forceDelete(Pod pod) {
        client.delete(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                new DeleteOptionsBuilder().withGracePeriodSeconds(0L)
                        .withNewPreconditions().withUid(pod.getMetadata().getUid()).endPreconditions().build());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

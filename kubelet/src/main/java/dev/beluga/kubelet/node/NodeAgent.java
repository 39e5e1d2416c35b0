package dev.beluga.kubelet.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this kubelet's Node in the API: registers it (again, if someone deletes it), renews its
 * Lease in kube-node-lease, and reports the node status when it changes or the report interval has
 * passed. One timer tick per lease interval does both; the work runs on a virtual thread, so a
 * thousand hollow nodes share one timer thread.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final Client client;
    private final KubeletConfig config;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closed;
    private ScheduledFuture<?> ticks;
    private Optional<String> nodeUid = Optional.empty();
    private Optional<Lease> lease = Optional.empty();
    private Instant reportedAt = Instant.EPOCH;

    public NodeAgent(Client client, KubeletConfig config, ContainerRuntime runtime, Clock clock) {
        this.client = client;
        this.config = config;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Registers the node and renews the Lease once (failures are retried by the ticks), then starts ticking. */
    public void start(ScheduledExecutorService timers) {
        tickSafely();
        long period = config.timings().leaseRenewInterval().toMillis();
        synchronized (this) {
            if (!closed) ticks = timers.scheduleWithFixedDelay(this::tickInBackground, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void tickInBackground() {
        if (closed || !busy.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("node-" + config.nodeName()).start(() -> {
            try {
                tickSafely();
            } finally {
                busy.set(false);
            }
        });
    }

    private void tickSafely() {
        try {
            tick();
        } catch (StatusException e) {
            log.warn("node {}: {}", config.nodeName(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("node {}: heartbeat failed", config.nodeName(), e);
        }
    }

    /** Synchronized so a tick and close never interleave. */
    synchronized void tick() {
        if (closed) return;
        if (nodeUid.isEmpty()) register();
        renewLease();
        reportStatus();
    }

    private NodeFacts facts() {
        return new NodeFacts(runtime.version(), runtime.status(), runtime.listImages());
    }

    private void register() {
        Instant now = clock.instant();
        Node wanted = NodeObjects.registration(config, facts(), now);
        try {
            Node created = client.create(Kind.NODES, wanted);
            nodeUid = Optional.of(created.getMetadata().getUid());
            reportedAt = now;
            log.info("node {} registered", config.nodeName());
            return;
        } catch (StatusException e) {
            if (e.code() != 409) throw e;
        }
        // Already there (a restarted kubelet): adopt it, making sure our labels are on it.
        Node existing = client.get(Kind.NODES, "", config.nodeName())
                .orElseThrow(() -> StatusException.serviceUnavailable("node " + config.nodeName() + " vanished during registration"));
        Map<String, String> labels = existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
        Map<String, String> missing = new HashMap<>();
        NodeObjects.labels(config).forEach((k, v) -> {
            if (!v.equals(labels.get(k))) missing.put(k, v);
        });
        if (!missing.isEmpty()) client.patch(Kind.NODES, "", config.nodeName(), Patch.merge(json(Map.of("metadata", Map.of("labels", missing)))));
        nodeUid = Optional.of(existing.getMetadata().getUid());
        reportedAt = Instant.EPOCH;
    }

    private void renewLease() {
        Instant now = clock.instant();
        Lease wanted = NodeLeases.renewed(lease, config.nodeName(), nodeUid, config.timings().leaseDurationSeconds(), now);
        try {
            lease = Optional.of(lease.isPresent() ? client.update(Kind.LEASES, wanted) : create(wanted));
        } catch (StatusException e) {
            if (e.code() != 404 && e.code() != 409) throw e;
            // Deleted or changed by someone else: start again from what is there.
            Optional<Lease> current = client.get(Kind.LEASES, NodeLeases.NAMESPACE, config.nodeName());
            Lease again = NodeLeases.renewed(current, config.nodeName(), nodeUid, config.timings().leaseDurationSeconds(), now);
            lease = Optional.of(current.isPresent() ? client.update(Kind.LEASES, again) : client.create(Kind.LEASES, again));
        }
    }

    private Lease create(Lease wanted) {
        try {
            return client.create(Kind.LEASES, wanted);
        } catch (StatusException e) {
            if (e.code() != 409) throw e;
            Lease current = client.get(Kind.LEASES, NodeLeases.NAMESPACE, config.nodeName()).orElseThrow(() -> e);
            return client.update(Kind.LEASES, NodeLeases.renewed(Optional.of(current), config.nodeName(), nodeUid,
                    config.timings().leaseDurationSeconds(), clock.instant()));
        }
    }

    /**
     * Upstream's tryUpdateNodeStatus: reads the Node, computes its status from what is there (so a
     * Ready=Unknown set by the node lifecycle controller is corrected at once), and patches it when
     * it changed or the report interval has passed. A Node deleted meanwhile is registered again.
     */
    private void reportStatus() {
        Optional<Node> current = client.get(Kind.NODES, "", config.nodeName());
        if (current.isEmpty()) {
            log.info("node {} was deleted; registering it again", config.nodeName());
            nodeUid = Optional.empty();
            lease = Optional.empty();
            register();
            renewLease();
            return;
        }
        String uid = current.get().getMetadata().getUid();
        if (!nodeUid.equals(Optional.of(uid))) {
            // Re-created by someone else: adopt it, and let the Lease follow its owner.
            nodeUid = Optional.of(uid);
            lease = Optional.empty();
        }
        Instant now = clock.instant();
        NodeStatus before = current.get().getStatus() == null ? new NodeStatus() : current.get().getStatus();
        NodeStatus status = NodeObjects.status(config, facts(), before, now);
        boolean due = Duration.between(reportedAt, now).compareTo(config.timings().nodeStatusReportFrequency()) >= 0;
        if (!due && !NodeObjects.changed(before, status)) return;
        client.patch(Kind.NODES, "", config.nodeName(), Patch.mergeStatus(json(Map.of("status", status))));
        reportedAt = now;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> t;
        synchronized (this) {
            closed = true;
            t = ticks;
        }
        if (t != null) t.cancel(false);
    }
}

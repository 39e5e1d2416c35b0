package dev.beluga.kubelet.staticpod;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.kubelet.CoalescingRunner;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the API's mirror pods in line with the static pods ({@link MirrorPods#plan}): runs on every
 * change of either side and every 2 s (upstream's housekeeping period), one round at a time. A new
 * mirror gets the static pod's latest status at once, since the status writer only writes changes.
 */
public final class MirrorPodKeeper implements AutoCloseable {
    static final Duration HOUSEKEEPING = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(MirrorPodKeeper.class);

    private final Client client;
    private final String nodeName;
    private final Supplier<Collection<Pod>> staticPods;
    private final Function<Pod, Optional<PodStatus>> latestStatus;
    private final BooleanSupplier apiSynced;
    private final Consumer<String> resync;
    private final Map<String, Pod> mirrors = new ConcurrentHashMap<>();
    private final CoalescingRunner rounds;
    private ScheduledFuture<?> periodic;

    /**
     * @param latestStatus the status the kubelet last reported for a static pod
     * @param apiSynced    whether the API's pods (and so its mirrors) have all been delivered
     * @param resync       asks for a sync of a static pod (by uid), whose status then goes to the new mirror
     */
    public MirrorPodKeeper(Client client, String nodeName, Supplier<Collection<Pod>> staticPods, Function<Pod, Optional<PodStatus>> latestStatus,
                           BooleanSupplier apiSynced, Consumer<String> resync) {
        this.client = client;
        this.nodeName = nodeName;
        this.staticPods = staticPods;
        this.latestStatus = latestStatus;
        this.apiSynced = apiSynced;
        this.resync = resync;
        this.rounds = new CoalescingRunner("mirror-pods-" + nodeName, this::round);
    }

    public MirrorPodKeeper start(ScheduledExecutorService timers) {
        periodic = timers.scheduleWithFixedDelay(this::trigger, HOUSEKEEPING.toMillis(), HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** A mirror pod of this node as the API has it now. */
    public void mirrorSeen(Pod mirror) {
        mirrors.put(StaticPods.fullName(mirror), mirror);
        trigger();
    }

    /** A mirror pod deleted from the API. */
    public void mirrorGone(Pod mirror) {
        mirrors.computeIfPresent(StaticPods.fullName(mirror), (k, known) -> uid(known).equals(uid(mirror)) ? null : known);
        trigger();
    }

    /** Asks for a round; non-blocking. */
    public void trigger() {
        rounds.trigger();
    }

    private boolean round() {
        try {
            if (apiSynced.getAsBoolean()) reconcile();
        } catch (RuntimeException e) {
            log.warn("kubelet {}: mirror pods: {}", nodeName, e.toString());
        }
        return true;
    }

    private void reconcile() {
        List<MirrorAction> actions = MirrorPods.plan(staticPods.get(), List.copyOf(mirrors.values()));
        if (actions.isEmpty()) return;
        Optional<String> nodeUid = Optional.empty();
        for (MirrorAction action : actions) {
            if (rounds.closed()) return;
            switch (action) {
                case MirrorAction.Delete d -> delete(d);
                case MirrorAction.Create c -> {
                    if (nodeUid.isEmpty()) nodeUid = client.get(Kind.NODES, "", nodeName).map(n -> n.getMetadata().getUid());
                    // Upstream needs the Node's uid for the owner reference; the next round tries again.
                    if (nodeUid.isEmpty()) {
                        log.debug("kubelet {}: no Node yet, mirror pods wait", nodeName);
                        return;
                    }
                    create(c.staticPod(), nodeUid.get());
                }
            }
        }
    }

    private void delete(MirrorAction.Delete d) {
        log.info("kubelet {}: deleting mirror pod {}/{}: {}", nodeName, d.namespace(), d.name(), d.reason());
        try {
            client.delete(Kind.PODS, d.namespace(), d.name(), new DeleteOptionsBuilder().withGracePeriodSeconds(0L)
                    .withNewPreconditions().withUid(d.uid()).endPreconditions().build());
        } catch (StatusException e) {
            if (e.code() != 404 && e.code() != 409) throw e;
        }
    }

    private void create(Pod staticPod, String nodeUid) {
        Pod mirror = MirrorPods.mirrorOf(staticPod, nodeName, nodeUid);
        Pod created;
        try {
            created = client.create(Kind.PODS, mirror);
        } catch (StatusException e) {
            // 409: the name is taken (a mirror not delivered yet, or a pod of the API); the next round sees it.
            if (e.code() == 409) return;
            throw e;
        }
        mirrors.putIfAbsent(StaticPods.fullName(created), created);
        // The status last written went to the old mirror (or nowhere, before the first mirror): the status writer
        // only writes changes, so the new mirror gets it here, and a sync writes whatever is newer.
        latestStatus.apply(staticPod).filter(s -> s.getPhase() != null).ifPresent(s -> writeStatus(created, s));
        resync.accept(staticPod.getMetadata().getUid());
    }

    private void writeStatus(Pod mirror, PodStatus status) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(Map.of("status", status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the status of " + mirror.getMetadata().getName(), e);
        }
        try {
            client.patch(Kind.PODS, mirror.getMetadata().getNamespace(), mirror.getMetadata().getName(), new Patch(Patch.Type.MERGE, body, true));
        } catch (StatusException e) {
            if (e.code() != 404 && e.code() != 409 && e.code() != 422) throw e;
        }
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid();
    }

    @Override
    public void close() {
        rounds.close();
        if (periodic != null) periodic.cancel(false);
    }
}

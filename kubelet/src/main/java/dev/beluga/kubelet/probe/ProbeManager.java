package dev.beluga.kubelet.probe;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The kubelet's probes (upstream's prober manager with its results managers): one
 * {@link ProbeWorker} per probe of each regular and restartable init container, started when the
 * pod's status is first reported and fed every status after; results by container id. A changed
 * result asks for a sync of the pod ({@code syncPod}), which reads them through {@link #snapshot}.
 */
public final class ProbeManager implements AutoCloseable {
    private final ProbeRunner runner;
    private final EventRecorder events;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Consumer<String> syncPod;
    private final Map<String, PodProbes> pods = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param syncPod called with a pod's uid when one of its probe results changed */
    public ProbeManager(ContainerRuntime runtime, EventRecorder events, ScheduledExecutorService timers, Clock clock, Consumer<String> syncPod) {
        this.runner = new ProbeRunner(runtime);
        this.events = events;
        this.timers = timers;
        this.clock = clock;
        this.syncPod = syncPod;
    }

    /**
     * The pod's latest spec and the status just generated for it: starts its workers the first
     * time, and asks for a readiness check of a started container not yet found ready (upstream's
     * UpdatePodStatus trigger).
     */
    public void update(Pod pod, PodStatus status) {
        if (closed) return;
        String uid = pod.getMetadata().getUid();
        PodProbes p = pods.computeIfAbsent(uid, u -> new PodProbes(u));
        p.pod = pod;
        p.status = status;
        p.startWorkers();
        for (ProbeWorker w : p.workers.values()) {
            if (w.type != ProbeType.READINESS || w.stopped()) continue;
            Optional<ProbeTarget> t = p.target(w.container.getName());
            if (t.isEmpty() || !t.get().running() || !t.get().started() || t.get().containerId().isEmpty()) continue;
            if (!p.result(ProbeType.READINESS, t.get().containerId().get()).equals(Optional.of(ProbeResult.SUCCESS))) w.trigger();
        }
    }

    public ProbeSnapshot snapshot(String podUid) {
        PodProbes p = pods.get(podUid);
        if (p == null) return ProbeSnapshot.none();
        Map<ProbeType, Map<String, ProbeResult>> copy = new EnumMap<>(ProbeType.class);
        p.results.forEach((t, m) -> copy.put(t, Map.copyOf(m)));
        return new ProbeSnapshot(copy);
    }

    /** A pod shutting down: its liveness and startup probes must not kill it meanwhile (upstream's StopLivenessAndStartup). */
    public void stopLivenessAndStartup(String podUid) {
        PodProbes p = pods.get(podUid);
        if (p == null) return;
        for (ProbeWorker w : p.workers.values()) {
            if (w.type == ProbeType.READINESS) continue;
            w.stop();
            p.done.add(key(w.type, w.container.getName()));
        }
    }

    /** The pod is gone or finished: every worker stops and its results go. */
    public void remove(String podUid) {
        PodProbes p = pods.remove(podUid);
        if (p != null) for (ProbeWorker w : p.workers.values()) w.stop();
    }

    /** How many workers run (for tests and diagnostics). */
    public int workerCount() {
        int n = 0;
        for (PodProbes p : pods.values()) for (ProbeWorker w : p.workers.values()) if (!w.stopped()) n++;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        for (String uid : List.copyOf(pods.keySet())) remove(uid);
    }

    private static String key(ProbeType type, String container) {
        return type.name() + "/" + container;
    }

    /** One pod's workers, latest view and results. */
    final class PodProbes {
        final String uid;
        volatile Pod pod;
        volatile PodStatus status;
        final Map<String, ProbeWorker> workers = new ConcurrentHashMap<>();
        /** Workers that stopped for good: never started again for this pod. */
        final Set<String> done = ConcurrentHashMap.newKeySet();
        final Map<ProbeType, Map<String, ProbeResult>> results = new ConcurrentHashMap<>();

        PodProbes(String uid) {
            this.uid = uid;
        }

        void startWorkers() {
            List<Container> probed = new ArrayList<>();
            if (pod.getSpec() != null && pod.getSpec().getContainers() != null) probed.addAll(pod.getSpec().getContainers());
            if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
                for (Container c : pod.getSpec().getInitContainers()) if ("Always".equals(c.getRestartPolicy())) probed.add(c);
            }
            for (Container c : probed) {
                for (ProbeType type : ProbeType.values()) {
                    Optional<Probe> spec = type.of(c);
                    String k = key(type, c.getName());
                    if (spec.isEmpty() || workers.containsKey(k) || done.contains(k)) continue;
                    ProbeWorker w = new ProbeWorker(type, c, spec.get(), this, runner, clock);
                    workers.put(k, w);
                    w.start(timers);
                }
            }
        }

        Optional<ProbeResult> result(ProbeType type, String containerId) {
            return Optional.ofNullable(results.getOrDefault(type, Map.of()).get(containerId));
        }

        void publish(ProbeType type, String containerId, ProbeResult r) {
            ProbeResult before = results.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(containerId, r);
            if (before != r && pods.get(uid) == this) syncPod.accept(uid);
        }

        void forget(ProbeType type, String containerId) {
            Map<String, ProbeResult> m = results.get(type);
            if (m != null) m.remove(containerId);
        }

        void finished(ProbeWorker w) {
            w.stop();
            done.add(key(w.type, w.container.getName()));
            w.currentContainer().ifPresent(id -> forget(w.type, id));
        }

        void event(String message, String reason) {
            events.warning(pod, reason, message);
        }

        List<String> podIps() {
            PodStatus s = status;
            List<String> ips = new ArrayList<>();
            if (s == null) return ips;
            if (s.getPodIPs() != null) for (PodIP ip : s.getPodIPs()) if (ip.getIp() != null) ips.add(ip.getIp());
            if (ips.isEmpty() && s.getPodIP() != null && !s.getPodIP().isEmpty()) ips.add(s.getPodIP());
            return ips;
        }

        /** What a worker of that container sees in the latest status. */
        Optional<ProbeTarget> target(String containerName) {
            PodStatus s = status;
            Pod p = pod;
            if (s == null || p == null) return Optional.empty();
            Optional<ContainerStatus> cs = find(s.getContainerStatuses(), containerName).or(() -> find(s.getInitContainerStatuses(), containerName));
            boolean terminal = "Succeeded".equals(s.getPhase()) || "Failed".equals(s.getPhase());
            boolean deleting = p.getMetadata().getDeletionTimestamp() != null && !p.getMetadata().getDeletionTimestamp().isEmpty();
            boolean never = p.getSpec() != null && "Never".equals(p.getSpec().getRestartPolicy());
            if (cs.isEmpty()) return Optional.of(new ProbeTarget(Optional.empty(), false, Optional.empty(), false, false, terminal, deleting, never));
            ContainerStatus c = cs.get();
            boolean running = c.getState() != null && c.getState().getRunning() != null;
            boolean terminated = c.getState() != null && c.getState().getTerminated() != null;
            Optional<Instant> startedAt = running ? parse(c.getState().getRunning().getStartedAt()) : Optional.empty();
            Optional<String> id = Optional.ofNullable(c.getContainerID()).filter(x -> !x.isEmpty());
            return Optional.of(new ProbeTarget(id, running, startedAt, terminated, Boolean.TRUE.equals(c.getStarted()), terminal, deleting, never));
        }
    }

    private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        if (statuses == null) return Optional.empty();
        for (ContainerStatus s : statuses) if (name.equals(s.getName())) return Optional.of(s);
        return Optional.empty();
    }

    private static Optional<Instant> parse(String time) {
        if (time == null || time.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.beluga.kubelet.sync;

import dev.beluga.client.Client;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.kubelet.eviction.EmptyDirLimits;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.PodSpecs;
import dev.beluga.kubelet.pod.RestartBackOff;
import dev.beluga.kubelet.pod.RuntimeLabels;
import dev.beluga.kubelet.probe.ProbeManager;
import dev.beluga.kubelet.runtime.ContainerEvent;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxSummary;
import dev.beluga.kubelet.volume.DirectoryUsage;
import dev.beluga.kubelet.volume.VolumeKind;
import dev.beluga.kubelet.volume.VolumeLayout;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The kubelet's pod workers, one per pod uid bound to this node: fed by the pod source (as its
 * handler), by runtime events and by timers; each worker syncs its pod one sync at a time.
 */
public final class PodWorkers implements ResourceHandler<Pod>, AutoCloseable {
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final PodSyncer syncer;
    private final ProbeManager probes;
    private final RestartBackOff backOff;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final VolumeLayout volumes;
    private volatile boolean closed;

    /**
     * @param backOff the crash-loop back-off every pod starts with (its initial and maximum delays)
     * @param hostIps the node's addresses
     */
    public PodWorkers(Client client, ContainerRuntime runtime, EventRecorder events, PodRuntimeSettings settings, List<String> hostIps,
                      RestartBackOff backOff, ScheduledExecutorService timers, Clock clock) {
        // A changed probe result syncs the pod, which reads the results anew (status, restarts).
        this.probes = new ProbeManager(runtime, events, timers, clock, this::trigger);
        this.syncer = new PodSyncer(client, runtime, events, settings, hostIps, clock, probes);
        this.backOff = backOff;
        this.timers = timers;
        this.clock = clock;
        this.volumes = new VolumeLayout(settings.rootDir());
    }

    @Override
    public void onAdd(Pod pod) {
        deliver(pod);
    }

    @Override
    public void onUpdate(Pod previous, Pod current) {
        // As upstream's pod config (checkAndUpdatePod): an update that changes nothing but the status (mostly this
        // kubelet's own status writes coming back) refreshes the pod without a sync. Syncing on it replaced a status
        // just written, e.g. ErrImagePull with the pull's message, by the next one within the same second.
        PodWorker w = workers.get(current.getMetadata().getUid());
        if (w != null && !closed && PodChange.onlyStatus(previous, current)) {
            w.refresh(current);
            return;
        }
        deliver(current);
    }

    @Override
    public void onDelete(Pod lastKnown) {
        PodWorker w = workers.get(lastKnown.getMetadata().getUid());
        if (w != null) w.remove(lastKnown);
        else if (!closed) worker(lastKnown).remove(lastKnown);
    }

    private void deliver(Pod pod) {
        if (closed) return;
        String uid = pod.getMetadata().getUid();
        if (uid == null || uid.isEmpty()) return;
        worker(pod).update(pod);
    }

    private PodWorker worker(Pod pod) {
        return workers.computeIfAbsent(pod.getMetadata().getUid(), uid -> newWorker(pod));
    }

    private PodWorker newWorker(Pod pod) {
        return new PodWorker(pod.getMetadata().getUid(), pod, syncer, backOff, timers, clock, gone -> workers.remove(gone.uid(), gone));
    }

    /** A container of this pod changed in the runtime. */
    public void onRuntimeEvent(ContainerEvent event) {
        PodWorker w = workers.get(RuntimeLabels.podUid(event.podSandboxLabels()));
        if (w != null) w.trigger();
    }

    /** Sync this pod now (by uid); unknown uids are left to {@link #cleanUpOrphans()}. */
    public void trigger(String podUid) {
        PodWorker w = workers.get(podUid);
        if (w != null) w.trigger();
    }

    /** Upstream's periodic resync: every pod syncs again, catching whatever no event reported. */
    public void resyncAll() {
        for (PodWorker w : workers.values()) w.trigger();
    }

    /**
     * Upstream's housekeeping: sandboxes and containers of pods this kubelet no longer knows (deleted
     * while it was down) are stopped and removed. Call only once the pod source has synced.
     */
    public void cleanUpOrphans() {
        if (closed) return;
        Map<String, Pod> orphans = new HashMap<>();
        ContainerRuntime runtime = syncer.runtime();
        for (SandboxSummary s : runtime.listPodSandboxes(SandboxFilter.all())) orphan(orphans, s.labels());
        for (ContainerSummary c : runtime.listContainers(ContainerFilter.all())) orphan(orphans, c.labels());
        for (Pod p : orphans.values()) {
            PodWorker fresh = newWorker(p);
            // A pod delivered meanwhile has its own worker, which must not be torn down.
            if (workers.putIfAbsent(fresh.uid(), fresh) == null) fresh.remove(p);
        }
        // Pod directories (volumes) of pods that are neither known nor in the runtime any more.
        syncer.cleanUpOrphanedPodDirs(workers::containsKey);
    }

    private void orphan(Map<String, Pod> orphans, Map<String, String> labels) {
        String uid = RuntimeLabels.podUid(labels);
        if (uid.isEmpty() || workers.containsKey(uid) || orphans.containsKey(uid)) return;
        // Only what the labels tell survives of the pod; enough to stop and remove its leftovers.
        orphans.put(uid, new PodBuilder().withMetadata(new ObjectMetaBuilder().withUid(uid)
                .withName(labels.getOrDefault(RuntimeLabels.POD_NAME, uid))
                .withNamespace(labels.getOrDefault(RuntimeLabels.POD_NAMESPACE, "")).build()).withNewSpec().endSpec().build());
    }

    /**
     * Upstream's eviction manager for emptyDir sizeLimits: measures the disk-backed emptyDirs that have
     * one, of pods still running, and evicts a pod holding more than a limit. Each walk stops once past
     * its limit, so the check costs little beyond the volumes' own size.
     */
    public void enforceEmptyDirLimits() {
        for (PodWorker w : workers.values()) {
            if (closed) return;
            Pod pod = w.pod();
            List<EmptyDirLimits.Limit> limits = EmptyDirLimits.onDisk(pod);
            // The cheap test first: most pods have no limited emptyDir, and the latest status is a copy of the pod.
            if (limits.isEmpty() || w.removed() || w.evicted() || PodSpecs.deleting(pod)
                    || PodSpecs.terminalPhase(PodSpecs.phase(w.podWithLatestStatus()))) continue;
            Map<String, Long> used = new HashMap<>();
            for (EmptyDirLimits.Limit l : limits) {
                used.put(l.volume(), DirectoryUsage.bytes(volumes.volumeDir(w.uid(), VolumeKind.EMPTY_DIR, l.volume()), l.bytes()));
            }
            EmptyDirLimits.exceeded(pod, used).ifPresent(w::evict);
        }
    }

    /**
     * A pod this kubelet runs, by name, with the status it last wrote (upstream's pod manager and
     * status manager together, as the kubelet's server asks them for logs).
     */
    public Optional<Pod> byName(String namespace, String name) {
        for (PodWorker w : workers.values()) {
            Pod p = w.pod();
            if (!w.removed() && name.equals(p.getMetadata().getName()) && namespace.equals(p.getMetadata().getNamespace())) {
                return Optional.of(w.podWithLatestStatus());
            }
        }
        return Optional.empty();
    }

    public int size() {
        return workers.size();
    }

    @Override
    public void close() {
        closed = true;
        probes.close();
        for (PodWorker w : workers.values()) w.close();
    }
}

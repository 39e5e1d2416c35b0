package dev.beluga.kubelet.sync;

import dev.beluga.client.Client;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.cgroup.PodCgroupRemoval;
import dev.beluga.kubelet.eviction.EmptyDirLimits;
import dev.beluga.kubelet.pod.PodActions;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.PodRuntimeState;
import dev.beluga.kubelet.pod.PodSpecs;
import dev.beluga.kubelet.pod.PodStatusGenerator;
import dev.beluga.kubelet.pod.RuntimeGarbage;
import dev.beluga.kubelet.pod.StatusInputs;
import dev.beluga.kubelet.probe.ContainerStopper;
import dev.beluga.kubelet.probe.LifecycleHooks;
import dev.beluga.kubelet.probe.ProbeManager;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one pod (upstream's SyncPod, SyncTerminatingPod and SyncTerminatedPod in one): read
 * the runtime, decide with the pure functions, act, read again, report the status.
 */
final class PodSyncer {
    private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);
    /** Why a container waits when its pod's sync failed and is retried after {@link #WORKER_BACK_OFF}. */
    private static final Set<String> RETRIED_REASONS = Set.of("CreateContainerConfigError", "ErrImagePull", "ImagePullBackOff");
    /** Upstream's pod worker back-off after a failed sync (workerBackOffPeriod). */
    private static final Duration WORKER_BACK_OFF = Duration.ofSeconds(10);
    /** Upstream evicts with grace 0 for local storage, which stopping a container raises to its 2 s minimum. */
    private static final Duration EVICTION_GRACE = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final RuntimeStateReader reader;
    private final ActionApplier applier;
    private final PodStatusWriter writer;
    private final List<String> hostIps;
    private final Clock clock;
    private final ProbeManager probes;
    private final PodPrerequisites prerequisites;
    private final PodRuntimeSettings settings;
    private final EventRecorder events;
    private final PodCgroupRemoval cgroups = PodCgroupRemoval.ofThisMachine();

    PodSyncer(Client client, ContainerRuntime runtime, EventRecorder events, PodRuntimeSettings settings, List<String> hostIps, Clock clock,
              ProbeManager probes) {
        this.runtime = runtime;
        this.probes = probes;
        this.reader = new RuntimeStateReader(runtime);
        LifecycleHooks hooks = new LifecycleHooks(runtime, events, clock);
        this.prerequisites = new PodPrerequisites(client, runtime, events, settings, clock);
        this.applier = new ActionApplier(runtime, new ImagePuller(runtime, events, clock), events, settings, hostIps, hooks, new ContainerStopper(runtime, hooks),
                prerequisites);
        this.writer = new PodStatusWriter(client);
        this.settings = settings;
        this.events = events;
        this.hostIps = List.copyOf(hostIps);
        this.clock = clock;
    }

    /**
     * @param pod     the pod as last delivered by the pod source
     * @param removed the pod left the source (deleted from the API): tear it down
     */
    SyncResult sync(String uid, Pod pod, boolean removed, PodMemory memory) {
        PodRuntimeState observed = reader.read(uid, memory.backOff);
        if (removed) {
            probes.remove(uid);
            applier.killPod(pod, observed, PodSpecs.terminationGrace(pod));
            applier.removeAll(reader.read(uid, memory.backOff));
            // The runtime removed the containers' cgroups; the pod's, their parent, is the kubelet's to remove.
            List<String> cgroupsLeft = cgroups.remove(uid);
            if (!cgroupsLeft.isEmpty()) log.warn("pod {} removed, its cgroups not: {}", uid, cgroupsLeft);
            prerequisites.tearDown(uid);
            // The pod's container logs go with it (upstream's container GC removes the log directories of removed pods).
            var meta = pod.getMetadata();
            settings.podLogDirectory().remove(meta.getNamespace(), meta.getName(), uid);
            return new SyncResult.TornDown();
        }
        if (memory.deletionConfirmed) return new SyncResult.Settled(Optional.empty());
        if (PodSpecs.deleting(pod)) {
            terminate(uid, pod, observed, memory);
            return new SyncResult.Settled(Optional.empty());
        }
        if (memory.eviction.isPresent() && !PodSpecs.terminalPhase(PodSpecs.phase(pod))) {
            evict(uid, pod, observed, memory, memory.eviction.get());
            return new SyncResult.Settled(Optional.empty());
        }
        if (PodSpecs.terminalPhase(PodSpecs.phase(pod))) {
            probes.remove(uid);
            // A finished pod never runs again; only make sure nothing of it still runs.
            if (observed.anyRunning()) applier.killPod(pod, observed, PodSpecs.terminationGrace(pod));
            report(pod, reader.read(uid, memory.backOff), true, memory);
            return new SyncResult.Settled(Optional.empty());
        }

        PodActions actions = PodActions.compute(pod, observed, probes.snapshot(uid), clock.instant());
        memory.backOff = actions.backOff();
        boolean act = !actions.nothingToDo() || !actions.backingOff().isEmpty();
        // Volumes are set up (and API-sourced ones refreshed) before anything of the pod is created.
        PodPrerequisites.Prepared prepared = prerequisites.prepare(pod, act);
        if (act && prepared instanceof PodPrerequisites.Ready ready) {
            applier.apply(pod, actions, observed, memory, ready);
            observed = reader.read(uid, memory.backOff);
        }
        PodStatus status = status(pod, observed, false, memory);
        if (PodSpecs.terminalPhase(status.getPhase())) {
            // Finished: stop what is left (the sandbox) before reporting the terminal phase, as upstream does.
            if (observed.anyRunning()) {
                applier.killPod(pod, observed, PodSpecs.terminationGrace(pod));
                observed = reader.read(uid, memory.backOff);
            }
            status = status(pod, observed, true, memory);
            probes.remove(uid);
        } else {
            probes.update(pod, status);
        }
        writer.write(pod, status, memory);
        RuntimeGarbage garbage = RuntimeGarbage.of(observed);
        if (!garbage.isEmpty()) applier.collect(garbage);
        Optional<Instant> retry = actions.nextRetry();
        if (prepared instanceof PodPrerequisites.Waiting(Instant at) && (retry.isEmpty() || at.isBefore(retry.get()))) retry = Optional.of(at);
        // A container whose config could not be built (a missing configMap, secret or key) or whose image could not be
        // pulled is tried again as upstream's pod worker retries a failed sync: after its 10 s back-off, not only at the
        // next periodic resync (the image puller's own back-off decides whether that try pulls).
        if (memory.waiting.values().stream().anyMatch(w -> RETRIED_REASONS.contains(w.reason()))) {
            Instant at = clock.instant().plus(WORKER_BACK_OFF);
            if (retry.isEmpty() || at.isBefore(retry.get())) retry = Optional.of(at);
        }
        return new SyncResult.Settled(retry);
    }

    /** A pod being deleted: stop it within its grace period, report the final status, remove it, and let the API object go. */
    private void terminate(String uid, Pod pod, PodRuntimeState observed, PodMemory memory) {
        // Readiness keeps being checked while the pod shuts down; liveness and startup must not restart it.
        probes.stopLivenessAndStartup(uid);
        applier.killPod(pod, observed, PodSpecs.terminationGrace(pod));
        PodRuntimeState stopped = reader.read(uid, memory.backOff);
        report(pod, stopped, true, memory);
        applier.removeAll(stopped);
        writer.confirmDeletion(pod);
        memory.deletionConfirmed = true;
        probes.remove(uid);
    }

    /**
     * Upstream's evictPod: an Evicted warning, the containers stopped with the shortest grace, and the
     * final status Failed with reason Evicted. The pod stays (its controller replaces it); syncs after
     * this one find it Failed.
     */
    private void evict(String uid, Pod pod, PodRuntimeState observed, PodMemory memory, String message) {
        if (!memory.evictionRecorded) {
            events.warning(pod, EmptyDirLimits.REASON, message);
            memory.evictionRecorded = true;
        }
        probes.remove(uid);
        applier.killPod(pod, observed, EVICTION_GRACE);
        PodRuntimeState stopped = reader.read(uid, memory.backOff);
        writer.write(pod, EmptyDirLimits.evicted(status(pod, stopped, true, memory), message), memory);
    }

    private void report(Pod pod, PodRuntimeState observed, boolean terminal, PodMemory memory) {
        writer.write(pod, status(pod, observed, terminal, memory), memory);
    }

    private PodStatus status(Pod pod, PodRuntimeState observed, boolean terminal, PodMemory memory) {
        PodStatus previous = memory.lastWritten.orElse(pod.getStatus());
        Instant now = clock.instant();
        String uid = pod.getMetadata().getUid();
        return PodStatusGenerator.generate(new StatusInputs(pod, observed, memory.waiting, terminal, hostIps, previous, now, probes.snapshot(uid)));
    }

    /** Upstream's cleanupOrphanedPodDirs: see {@link PodPrerequisites#tearDownOrphans}. */
    void cleanUpOrphanedPodDirs(Predicate<String> known) {
        prerequisites.tearDownOrphans(known);
        // Log directories only where no other kubelet writes: /var/log/pods may be shared by every kubelet of the machine.
        if (settings.ownsPodLogs()) settings.podLogDirectory().removeOrphans(known);
    }

    ContainerRuntime runtime() {
        return runtime;
    }
}

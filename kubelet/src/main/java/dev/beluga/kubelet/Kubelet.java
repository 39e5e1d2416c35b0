package dev.beluga.kubelet;

import dev.beluga.client.Client;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.kubelet.logs.ContainerLogs;
import dev.beluga.kubelet.node.NodeAgent;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.Subscription;
import dev.beluga.kubelet.staticpod.MirrorPodKeeper;
import dev.beluga.kubelet.staticpod.StaticAndApiPods;
import dev.beluga.kubelet.staticpod.StaticPodSource;
import dev.beluga.kubelet.sync.PodWorkers;
import dev.beluga.kubelet.sync.RuntimeRelister;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node agent: registers the Node and keeps its Lease and status, runs the pods the source
 * delivers on the runtime through per-pod workers, and reports their status. The same code runs
 * a real node (containerd through CRI) and a hollow node (the simulated runtime).
 *
 * <p>Closing stops the kubelet only: pods keep running in the runtime, and a kubelet started again
 * on the same runtime adopts them (as upstream's does after a restart).
 */
public final class Kubelet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

    private final KubeletConfig config;
    private final NodeAgent node;
    private final PodWorkers workers;
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private Optional<Subscription> runtimeEvents = Optional.empty();
    private ContainerLogs containerLogs;
    private PodSource.Registration podRegistration;

    private Kubelet(KubeletConfig config, NodeAgent node, PodWorkers workers) {
        this.config = config;
        this.node = node;
        this.workers = workers;
    }

    /** A kubelet with its own timer thread and event recorder. */
    public static Kubelet start(Client client, KubeletConfig config, ContainerRuntime runtime, PodSource pods) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kubelet-timers").factory());
        ClientEventRecorder events = new ClientEventRecorder(client, "kubelet", config.nodeName());
        Kubelet k = start(client, config, runtime, pods, new KubeletServices(timers, Clock.systemUTC(), events));
        k.owned.add(events);
        k.owned.add(timers::shutdownNow);
        return k;
    }

    /** A kubelet on shared services (hollow nodes: one timer thread for all). */
    public static Kubelet start(Client client, KubeletConfig config, ContainerRuntime runtime, PodSource pods, KubeletServices services) {
        ScheduledExecutorService timers = services.timers();
        NodeAgent node = new NodeAgent(client, config, runtime, services.clock());
        List<String> hostIps = config.nodeIp().isEmpty() ? List.of() : List.of(config.nodeIp());
        PodWorkers workers = new PodWorkers(client, runtime, services.events(), config.podSettings().withNode(config.capacity(), config.allocatable()), hostIps, config.restartBackOff(), timers, services.clock());
        Kubelet k = new Kubelet(config, node, workers);
        k.containerLogs = new ContainerLogs(workers::byName, runtime::containerStatus,
                Path.of(config.podSettings().podLogsRoot()));
        node.start(timers);

        k.runtimeEvents = runtime.containerEvents(workers::onRuntimeEvent);
        if (k.runtimeEvents.isEmpty() && config.timings().relistPeriod().isPositive()) {
            RuntimeRelister relister = new RuntimeRelister(runtime, workers::trigger);
            k.every(timers, config.timings().relistPeriod().toMillis(), relister::relist);
        }
        PodSource source = withStaticPods(client, config, pods, services, workers, k);
        k.podRegistration = source.subscribe(workers);

        // Leftovers of pods deleted while the kubelet was away go as soon as the source knows every pod.
        AtomicReference<ScheduledFuture<?>> firstCleanup = new AtomicReference<>();
        firstCleanup.set(timers.scheduleWithFixedDelay(() -> {
            if (!source.hasSynced()) return;
            ScheduledFuture<?> self = firstCleanup.get();
            if (self == null || self.isCancelled()) return;
            self.cancel(false);
            Thread.ofVirtual().start(workers::cleanUpOrphans);
        }, 100, 500, TimeUnit.MILLISECONDS));
        k.periodic.add(firstCleanup.get());
        if (config.timings().evictionMonitoringPeriod().isPositive()) {
            k.every(timers, config.timings().evictionMonitoringPeriod().toMillis(), workers::enforceEmptyDirLimits);
        }
        k.every(timers, config.timings().syncFrequency().toMillis(), () -> {
            workers.resyncAll();
            if (source.hasSynced()) workers.cleanUpOrphans();
        });
        log.debug("kubelet {} started", config.nodeName());
        return k;
    }

    /**
     * With a manifest folder: the static pods join the API's (upstream's file source), and mirror
     * pods stand for them in the API; without one, the API's pods alone.
     */
    private static PodSource withStaticPods(Client client, KubeletConfig config, PodSource pods, KubeletServices services, PodWorkers workers, Kubelet k) {
        if (config.podManifestPath().isEmpty()) return pods;
        StaticPodSource files = new StaticPodSource(config.podManifestPath().get(), config.nodeName(), services.events(), services.clock())
                .start(services.timers());
        MirrorPodKeeper keeper = new MirrorPodKeeper(client, config.nodeName(), files::pods,
                p -> workers.byName(p.getMetadata().getNamespace(), p.getMetadata().getName()).map(Pod::getStatus),
                pods::hasSynced, workers::trigger).start(services.timers());
        files.onChange(keeper::trigger);
        k.owned.add(files);
        k.owned.add(keeper);
        return new StaticAndApiPods(pods, files, keeper);
    }

    /** Runs {@code work} every period on a virtual thread, never two at a time. */
    private void every(ScheduledExecutorService timers, long periodMillis, Runnable work) {
        AtomicBoolean busy = new AtomicBoolean();
        periodic.add(timers.scheduleWithFixedDelay(() -> {
            if (!busy.compareAndSet(false, true)) return;
            Thread.ofVirtual().start(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("kubelet {}: periodic work failed: {}", config.nodeName(), e.toString());
                } finally {
                    busy.set(false);
                }
            });
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    public String nodeName() {
        return config.nodeName();
    }

    /**
     * This kubelet's container logs, for its HTTPS endpoint:
     * {@code KubeletServer.start(serverConfig, kubelet.containerLogs())}. The server's port must be
     * the config's kubeletPort, which the Node reports to the API server.
     */
    public ContainerLogs containerLogs() {
        return containerLogs;
    }

    /** This kubelet's pods by name, with the status it last computed (for exec and attach: {@code KubeletServer.serveStreams}). */
    public ContainerLogs.Pods podsByName() {
        return workers::byName;
    }

    /** How many pods this kubelet currently works on. */
    public int podCount() {
        return workers.size();
    }

    @Override
    public void close() {
        for (ScheduledFuture<?> f : periodic) f.cancel(false);
        if (podRegistration != null) podRegistration.close();
        runtimeEvents.ifPresent(Subscription::close);
        workers.close();
        node.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing kubelet {}: {}", config.nodeName(), e.toString());
            }
        }
    }
}

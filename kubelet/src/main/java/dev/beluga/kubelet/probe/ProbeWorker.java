package dev.beluga.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe of one container of one pod (upstream's probe worker): every periodSeconds, and when
 * triggered, one check on a virtual thread (never two at a time), decided by {@link ProbeStep};
 * the verdicts go to the pod's {@link ProbeManager.PodProbes}. Stops when {@link ProbeStep} says
 * so (the pod finished, the container will not run again, a deleted pod's liveness) or when the
 * pod goes.
 */
final class ProbeWorker {
    private static final Logger log = LoggerFactory.getLogger(ProbeWorker.class);

    final ProbeType type;
    final Container container;
    private final Probe spec;
    private final ProbeManager.PodProbes pod;
    private final ProbeRunner runner;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopped;
    private ScheduledFuture<?> ticker;
    private volatile ProbeState state = ProbeState.initial();
    private boolean reportedUnsupported;

    ProbeWorker(ProbeType type, Container container, Probe spec, ProbeManager.PodProbes pod, ProbeRunner runner, Clock clock) {
        this.type = type;
        this.container = container;
        this.spec = spec;
        this.pod = pod;
        this.runner = runner;
        this.clock = clock;
    }

    /** Checks at once, then every periodSeconds. */
    void start(ScheduledExecutorService timers) {
        long period = ProbeRunner.positive(spec.getPeriodSeconds(), 10) * 1000L;
        try {
            ticker = timers.scheduleWithFixedDelay(this::trigger, 0, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the kubelet is shutting down
        }
    }

    /** One check now unless one is running; cheap, from any thread. */
    void trigger() {
        if (stopped || !busy.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("probe-" + type.label().toLowerCase() + "-" + container.getName()).start(() -> {
            try {
                if (!stopped) once();
            } catch (RuntimeException e) {
                log.warn("{} probe of container {} failed to run: {}", type.label(), container.getName(), e.toString());
            } finally {
                busy.set(false);
            }
        });
    }

    void stop() {
        stopped = true;
        if (ticker != null) ticker.cancel(false);
    }

    boolean stopped() {
        return stopped;
    }

    String containerId() {
        return state.containerId();
    }

    private void once() {
        ProbeStep step = ProbeStep.before(type, spec, state, pod.target(container.getName()), clock.instant());
        apply(step);
        if (!step.keepGoing()) {
            pod.finished(this);
            return;
        }
        if (!step.probeNow()) return;
        if (spec.getGrpc() != null) {
            // Reported once per container rather than every period: it will not change.
            if (!reportedUnsupported) pod.event(type.label() + " probe errored: " + ProbeRunner.GRPC_UNSUPPORTED, "Unhealthy");
            reportedUnsupported = true;
            return;
        }
        String rawId = state.containerId().contains("://") ? state.containerId().substring(state.containerId().indexOf("://") + 3) : state.containerId();
        ProbeOutcome outcome = runner.run(spec, container, rawId, pod.podIps());
        if (stopped) return;
        switch (outcome) {
            case ProbeOutcome.Error e -> {
                pod.event(type.label() + " probe errored: " + e.output(), "Unhealthy");
                return; // no verdict: thrown away, as upstream
            }
            case ProbeOutcome.Failure f -> pod.event(type.label() + " probe failed: " + f.output(), "Unhealthy");
            case ProbeOutcome.Warning w -> pod.event(type.label() + " probe warning: " + w.output(), "ProbeWarning");
            case ProbeOutcome.Success s -> { }
        }
        apply(ProbeStep.after(type, spec, state, outcome.passed() ? ProbeResult.SUCCESS : ProbeResult.FAILURE));
    }

    private void apply(ProbeStep step) {
        state = step.state();
        step.forget().ifPresent(id -> pod.forget(type, id));
        step.publish().ifPresent(r -> pod.publish(type, state.containerId(), r));
    }

    Optional<String> currentContainer() {
        return state.containerId().isEmpty() ? Optional.empty() : Optional.of(state.containerId());
    }
}

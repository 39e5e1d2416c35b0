package dev.beluga.kubelet.probe;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Upstream's worker.doProbe as pure functions: {@link #before} decides from what the worker sees
 * whether to check now, {@link #after} turns a check's verdict into a published result once the
 * success or failure threshold is reached. The worker publishes {@code publish} for the state's
 * container, forgets the results of {@code forget}, and stops when {@code keepGoing} is false.
 */
public record ProbeStep(ProbeState state, Optional<String> forget, Optional<ProbeResult> publish, boolean probeNow, boolean keepGoing) {

    private static ProbeStep skip(ProbeState s) {
        return new ProbeStep(s, Optional.empty(), Optional.empty(), false, true);
    }

    public static ProbeStep before(ProbeType type, Probe spec, ProbeState s, Optional<ProbeTarget> seen, Instant now) {
        if (seen.isEmpty()) return skip(s); // the pod's status is not known yet
        ProbeTarget t = seen.get();
        if (t.podTerminal()) return new ProbeStep(s, Optional.empty(), Optional.empty(), false, false);
        if (t.containerId().isEmpty() || t.containerId().get().isEmpty()) return skip(s); // waiting for the container

        Optional<String> forget = Optional.empty();
        Optional<ProbeResult> publish = Optional.empty();
        if (!s.containerId().equals(t.containerId().get())) {
            if (!s.containerId().isEmpty()) forget = Optional.of(s.containerId());
            s = new ProbeState(t.containerId().get(), false, s.lastResult(), s.resultRun());
            publish = Optional.of(type.initial());
        }
        if (s.onHold()) return new ProbeStep(s, forget, publish, false, true);
        if (!t.running()) {
            boolean keepGoing = !t.terminated() || !t.restartNever();
            return new ProbeStep(s, forget, Optional.of(ProbeResult.FAILURE), false, keepGoing);
        }
        // A pod shutting down gracefully is not killed by its liveness or startup probe.
        if (t.podDeleting() && (type == ProbeType.LIVENESS || type == ProbeType.STARTUP)) {
            return new ProbeStep(s, forget, Optional.of(ProbeResult.SUCCESS), false, false);
        }
        int initialDelay = spec.getInitialDelaySeconds() == null ? 0 : spec.getInitialDelaySeconds();
        if (t.startedAt().isPresent() && Duration.between(t.startedAt().get(), now).toSeconds() < initialDelay) {
            return new ProbeStep(s, forget, publish, false, true);
        }
        if (t.started() == (type == ProbeType.STARTUP)) {
            // Startup stops checking once the container has started; the others wait for that.
            return new ProbeStep(s, forget, publish, false, true);
        }
        return new ProbeStep(s, forget, publish, true, true);
    }

    /** @param result SUCCESS or FAILURE of a check that gave a verdict */
    public static ProbeStep after(ProbeType type, Probe spec, ProbeState s, ProbeResult result) {
        int run = s.lastResult() == result ? s.resultRun() + 1 : 1;
        s = new ProbeState(s.containerId(), s.onHold(), result, run);
        int failureThreshold = ProbeRunner.positive(spec.getFailureThreshold(), 3);
        int successThreshold = ProbeRunner.positive(spec.getSuccessThreshold(), 1);
        if ((result == ProbeResult.FAILURE && run < failureThreshold) || (result == ProbeResult.SUCCESS && run < successThreshold)) {
            return skip(s);
        }
        if ((type == ProbeType.LIVENESS || type == ProbeType.STARTUP) && result == ProbeResult.FAILURE) {
            // The container will be restarted: stop checking until its new instance appears.
            s = new ProbeState(s.containerId(), true, s.lastResult(), 0);
        }
        return new ProbeStep(s, Optional.empty(), Optional.of(result), false, true);
    }
}

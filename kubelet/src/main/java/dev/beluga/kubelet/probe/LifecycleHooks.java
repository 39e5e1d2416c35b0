package dev.beluga.kubelet.probe;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers' postStart and preStop handlers (upstream's lifecycle handler runner): exec in
 * the container, an HTTP GET (to the pod's IP unless a host is given; as upstream, only a request
 * that gets no response fails, the status code is not judged), or a sleep.
 */
public final class LifecycleHooks {
    private static final Logger log = LoggerFactory.getLogger(LifecycleHooks.class);
    /**
     * Upstream waits for a postStart hook without limit; a hook that never ends would then hold the
     * pod's worker forever, so this kubelet gives it this long (a hook that takes longer failed).
     */
    static final Duration POST_START_LIMIT = Duration.ofMinutes(2);

    private final ContainerRuntime runtime;
    private final EventRecorder events;
    private final Clock clock;

    public LifecycleHooks(ContainerRuntime runtime, EventRecorder events, Clock clock) {
        this.runtime = runtime;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Runs the postStart hook of a started container, if it has one. On failure records
     * FailedPostStartHook and returns the message; the caller kills the container.
     */
    public Optional<String> postStart(Pod pod, Container c, String containerId, List<String> podIps) {
        if (c.getLifecycle() == null || c.getLifecycle().getPostStart() == null) return Optional.empty();
        Optional<String> failed = run(c.getLifecycle().getPostStart(), pod, c, containerId, podIps, POST_START_LIMIT);
        failed.ifPresent(m -> events.warning(pod, "FailedPostStartHook", m));
        return failed;
    }

    /**
     * Runs the preStop hook, if any, waiting for it at most {@code grace} (it may go on after that,
     * as upstream's does). A failure is recorded as FailedPreStopHook. Returns how long was waited.
     */
    public Duration preStop(Pod pod, Container c, String containerId, List<String> podIps, Duration grace) {
        if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null || !grace.isPositive()) return Duration.ZERO;
        Instant start = clock.instant();
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofVirtual().name("prestop-" + c.getName()).start(() -> {
            try {
                run(c.getLifecycle().getPreStop(), pod, c, containerId, podIps, grace)
                        .ifPresent(m -> events.warning(pod, "FailedPreStopHook", m));
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("preStop hook of {} in pod {} not completed within {}", c.getName(), pod.getMetadata().getName(), grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.between(start, clock.instant());
    }

    /** Empty on success, else upstream's message for the failed handler; exec and HTTP handlers get at most {@code limit}. */
    Optional<String> run(LifecycleHandler h, Pod pod, Container c, String containerId, List<String> podIps, Duration limit) {
        String where = " for Container \"" + c.getName() + "\" in Pod \"" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                + "(" + pod.getMetadata().getUid() + ")\" failed - error: ";
        if (h.getExec() != null) {
            List<String> cmd = h.getExec().getCommand() == null ? List.of() : h.getExec().getCommand();
            String label = "Exec lifecycle hook (" + goList(cmd) + ")" + where;
            try {
                ExecResult r = runtime.execSync(containerId, cmd, limit);
                if (r.timedOut()) return Optional.of(label + "command \"" + String.join(" ", cmd) + "\" timed out, message: \"\"");
                if (r.exitCode() == 0) return Optional.empty();
                String stderr = new String(r.stderr(), java.nio.charset.StandardCharsets.UTF_8);
                return Optional.of(label + "command '" + String.join(" ", cmd) + "' exited with " + r.exitCode() + ": " + stderr
                        + ", message: \"" + ExecCheck.output(r) + "\"");
            } catch (ContainerRuntimeException e) {
                return Optional.of(label + e.getMessage() + ", message: \"\"");
            }
        }
        if (h.getHttpGet() != null) {
            var g = h.getHttpGet();
            String label = "HTTP lifecycle hook (" + (g.getPath() == null ? "" : g.getPath()) + ")" + where;
            return switch (ProbeAddress.resolve(g.getHost(), g.getPort(), c, podIps)) {
                case ProbeAddress.Refused(String why) -> Optional.of(label + why);
                case ProbeAddress.Resolved(ProbeAddress to) -> {
                    ProbeOutcome o = HttpCheck.run(to, new HttpCheck.Request(g.getScheme(), g.getPath(), g.getHttpHeaders(), HttpCheck.HOOK_USER_AGENT, limit));
                    // Upstream fails an HTTP hook only when no response came back.
                    yield HttpCheck.answered(o) ? Optional.empty() : Optional.of(label + o.output());
                }
            };
        }
        if (h.getSleep() != null) {
            long seconds = h.getSleep().getSeconds() == null ? 0 : h.getSleep().getSeconds();
            try {
                Thread.sleep(Duration.ofSeconds(Math.max(0, seconds)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
        return Optional.of("Cannot run handler: invalid handler (only exec, httpGet and sleep are lifecycle handlers)");
    }

    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}

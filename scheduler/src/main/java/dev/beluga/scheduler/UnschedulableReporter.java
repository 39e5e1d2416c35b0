package dev.beluga.scheduler;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.Lister;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a pod that fits nowhere why (upstream's handleSchedulingFailure): the PodScheduled=False
 * condition with reason Unschedulable and the message, and a Warning event FailedScheduling with the
 * same message, both off the scheduling thread. Nothing is written when the pod already carries that
 * exact message, so retries that fail the same way stay quiet.
 */
final class UnschedulableReporter {
    private static final Logger log = LoggerFactory.getLogger(UnschedulableReporter.class);

    private final Client client;
    private final Lister<Pod> pods;
    private final EventRecorder events;
    private final Clock clock;
    /** Used by the scheduling thread only (builders are not thread-safe). */
    private final Thread.Builder threads = Thread.ofVirtual().name("unschedulable-", 0);

    UnschedulableReporter(Client client, Lister<Pod> pods, EventRecorder events, Clock clock) {
        this.client = client;
        this.pods = pods;
        this.events = events;
        this.clock = clock;
    }

    void report(Pod pod, String message) {
        threads.start(() -> write(pod, message));
    }

    private void write(Pod scheduled, String message) {
        String ns = scheduled.getMetadata().getNamespace();
        String name = scheduled.getMetadata().getName();
        // The freshest copy decides whether anything changed; a pod that is gone or bound meanwhile needs no report.
        Optional<Pod> latest = pods.get(ns, name);
        if (latest.isEmpty() || !latest.get().getMetadata().getUid().equals(scheduled.getMetadata().getUid())
                || PodStates.assigned(latest.get())) {
            return;
        }
        Optional<PodCondition> condition = PodScheduledCondition.unschedulable(latest.get(), message, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (condition.isEmpty()) return;
        try {
            client.patch(Kind.PODS, ns, name, new Patch(Patch.Type.STRATEGIC, PodScheduledCondition.statusPatch(condition.get()), true));
        } catch (StatusException e) {
            if (e.code() != 404) log.warn("could not set PodScheduled=False on {}/{}: {}", ns, name, e.getMessage());
            return;
        }
        events.warning(latest.get(), "FailedScheduling", message);
    }
}

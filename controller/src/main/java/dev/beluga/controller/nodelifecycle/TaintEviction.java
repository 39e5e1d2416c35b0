package dev.beluga.controller.nodelifecycle;

import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's taint eviction decision for one pod on one node, without I/O: a NoExecute taint the pod
 * does not tolerate evicts it now; tolerated ones with tolerationSeconds evict it that long after
 * the taint was added (the earliest such deadline wins; a tolerationSeconds of 0 or less is now);
 * tolerated without tolerationSeconds, it stays. Other effects never evict.
 *
 * <p>Upstream counts tolerationSeconds from when its taint manager noticed the taint; Beluga counts
 * from the taint's timeAdded (the node lifecycle controller sets it), which is the same moment in
 * practice and survives a controller restart. A taint without timeAdded counts from now.
 */
public final class TaintEviction {
    public sealed interface Verdict {
        record Keep() implements Verdict {}

        record EvictNow() implements Verdict {}

        record EvictAt(Instant at) implements Verdict {}
    }

    private TaintEviction() {}

    public static Verdict decide(Pod pod, List<Taint> taints, Instant now) {
        List<Toleration> tolerations = pod.getSpec() == null ? List.of() : pod.getSpec().getTolerations();
        Instant earliest = null;
        for (Taint taint : taints == null ? List.<Taint>of() : taints) {
            if (!NodeTaints.NO_EXECUTE.equals(taint.getEffect())) continue;
            Optional<Toleration> used = Tolerations.firstTolerating(tolerations, taint);
            if (used.isEmpty()) return new Verdict.EvictNow();
            Long seconds = used.get().getTolerationSeconds();
            if (seconds == null) continue;
            if (seconds <= 0) return new Verdict.EvictNow();
            Instant at = Times.parse(taint.getTimeAdded()).orElse(now).plusSeconds(seconds);
            if (earliest == null || at.isBefore(earliest)) earliest = at;
        }
        if (earliest == null) return new Verdict.Keep();
        return earliest.isAfter(now) ? new Verdict.EvictAt(earliest) : new Verdict.EvictNow();
    }
}

package dev.beluga.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.Optional;

/**
 * The PodScheduled=False condition of a pod that fits nowhere, as upstream's updatePod writes it:
 * reason Unschedulable and the FitError message; lastTransitionTime moves only when the status
 * changes. Empty when the pod already says exactly this, so an unchanged failure writes nothing.
 */
final class PodScheduledCondition {
    static final String TYPE = "PodScheduled";
    static final String UNSCHEDULABLE = "Unschedulable";

    private PodScheduledCondition() {}

    static Optional<PodCondition> unschedulable(Pod pod, String message, Instant now) {
        Optional<PodCondition> current = current(pod);
        if (current.isPresent() && "False".equals(current.get().getStatus()) && UNSCHEDULABLE.equals(current.get().getReason())
                && message.equals(current.get().getMessage())) {
            return Optional.empty();
        }
        String transition = current.isPresent() && "False".equals(current.get().getStatus()) && current.get().getLastTransitionTime() != null
                ? current.get().getLastTransitionTime()
                : now.toString();
        return Optional.of(new PodConditionBuilder().withType(TYPE).withStatus("False").withReason(UNSCHEDULABLE)
                .withMessage(message).withLastTransitionTime(transition).build());
    }

    static Optional<PodCondition> current(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) return Optional.empty();
        return pod.getStatus().getConditions().stream().filter(c -> TYPE.equals(c.getType())).findFirst();
    }

    /** A strategic merge patch of the pod's status that sets this condition (conditions merge by type). */
    static String statusPatch(PodCondition c) {
        var node = dev.beluga.api.codec.Json.MAPPER.createObjectNode();
        var condition = node.putObject("status").putArray("conditions").addObject();
        condition.put("type", c.getType());
        condition.put("status", c.getStatus());
        condition.put("reason", c.getReason());
        condition.put("message", c.getMessage());
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", c.getLastTransitionTime());
        return node.toString();
    }
}

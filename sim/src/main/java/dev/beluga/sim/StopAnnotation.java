package dev.beluga.sim;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Map;
import java.util.Optional;

/**
 * The switch that stops a hollow node from kubectl: {@code sim.beluga.dev/stopped: "true"} on its Node
 * stops its kubelet (node loss: no Lease renewals, no status, its containers keep running); removing
 * the annotation, or giving it any other value, starts the kubelet again. Only nodes the annotation
 * stopped are started by it, so a node stopped through {@link HollowNodeFleet#stop} stays stopped.
 */
public final class StopAnnotation {
    public static final String KEY = "sim.beluga.dev/stopped";

    /** Where a hollow node's kubelet stands. */
    public enum KubeletState {
        RUNNING,
        /** Stopped because its Node carries the annotation: removing it starts the kubelet. */
        STOPPED_BY_ANNOTATION,
        /** Not running for another reason (stopped by a caller of the fleet, or not started yet). */
        STOPPED
    }

    /** What the fleet does to the node's kubelet. */
    public enum Action {
        /** Stop the running kubelet; the node is then stopped by the annotation. */
        STOP,
        /** Keep the kubelet stopped, now on the annotation's account (so removing it starts the node). */
        HOLD,
        /** Start the kubelet the annotation had stopped. */
        START,
        NONE
    }

    private StopAnnotation() {}

    /**
     * The action for a node as observed (empty when its Node is not in the API) and its kubelet's
     * state. A deleted Node changes nothing: deleting a lost node's Node is part of simulating node
     * loss (pod GC then removes its pods), not a request to bring it back.
     */
    public static Action decide(Optional<Node> observed, KubeletState state) {
        if (observed.isEmpty()) return Action.NONE;
        boolean wantsStopped = stopped(observed.get());
        return switch (state) {
            case RUNNING -> wantsStopped ? Action.STOP : Action.NONE;
            case STOPPED -> wantsStopped ? Action.HOLD : Action.NONE;
            case STOPPED_BY_ANNOTATION -> wantsStopped ? Action.NONE : Action.START;
        };
    }

    /** Whether the Node asks to be stopped: the annotation's value is exactly "true". */
    public static boolean stopped(Node node) {
        Map<String, String> annotations = node.getMetadata() == null ? null : node.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(KEY));
    }
}

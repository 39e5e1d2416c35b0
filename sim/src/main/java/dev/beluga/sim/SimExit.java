package dev.beluga.sim;

import dev.beluga.kubelet.pod.ContainerKind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * When a simulated container ends by itself, as the pod's annotations ask:
 * {@code beluga.dev/sim-exit-code: "N"} with {@code beluga.dev/sim-exit-after: "5s"} make the pod's
 * regular containers exit with N that long after they start; {@code beluga.dev/sim-exit-code.<container>}
 * and {@code beluga.dev/sim-exit-after.<container>} do it for one container (init containers and
 * sidecars included) and win over the pod-wide ones. Without annotations, init containers finish
 * with 0 at once (they run to completion on real nodes too) and every other container runs until
 * stopped.
 *
 * @param exitCode the code it exits with
 * @param after    how long after its start
 */
public record SimExit(int exitCode, Duration after) {
    public static final String EXIT_CODE = "beluga.dev/sim-exit-code";
    public static final String EXIT_AFTER = "beluga.dev/sim-exit-after";

    /** The plan for one container; empty when it runs until stopped. Bad values are an IllegalArgumentException. */
    public static Optional<SimExit> plan(Map<String, String> podAnnotations, String container, ContainerKind kind) {
        String code = podAnnotations.get(EXIT_CODE + "." + container);
        String after = podAnnotations.get(EXIT_AFTER + "." + container);
        if (code == null && after == null && kind == ContainerKind.REGULAR) {
            code = podAnnotations.get(EXIT_CODE);
            after = podAnnotations.get(EXIT_AFTER);
        }
        if (code == null && after == null) {
            return kind == ContainerKind.INIT ? Optional.of(new SimExit(0, Duration.ZERO)) : Optional.empty();
        }
        int exitCode;
        try {
            exitCode = code == null ? 0 : Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("annotation " + EXIT_CODE + " must be an integer, got \"" + code + "\"");
        }
        if (exitCode < 0 || exitCode > 255) throw new IllegalArgumentException("annotation " + EXIT_CODE + " must be 0..255, got " + exitCode);
        Duration delay;
        try {
            delay = after == null ? Duration.ZERO : GoDurations.parse(after);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("annotation " + EXIT_AFTER + ": " + e.getMessage());
        }
        return Optional.of(new SimExit(exitCode, delay));
    }
}

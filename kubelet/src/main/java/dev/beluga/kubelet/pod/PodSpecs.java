package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Null-safe reads of a pod's spec that the kubelet's pure functions share. */
public final class PodSpecs {
    private PodSpecs() {}

    public static List<Container> containers(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
    }

    public static List<Container> initContainers(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
    }

    /** Ephemeral containers as plain containers (upstream converts them the same way). */
    public static List<Container> ephemeralContainers(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getEphemeralContainers() == null) return List.of();
        List<Container> out = new ArrayList<>();
        for (EphemeralContainer e : pod.getSpec().getEphemeralContainers()) {
            Container c = new Container();
            c.setName(e.getName());
            c.setImage(e.getImage());
            c.setImagePullPolicy(e.getImagePullPolicy());
            c.setCommand(e.getCommand());
            c.setArgs(e.getArgs());
            c.setEnv(e.getEnv());
            c.setWorkingDir(e.getWorkingDir());
            c.setTty(e.getTty());
            c.setStdin(e.getStdin());
            c.setStdinOnce(e.getStdinOnce());
            c.setTerminationMessagePath(e.getTerminationMessagePath());
            c.setTerminationMessagePolicy(e.getTerminationMessagePolicy());
            c.setVolumeMounts(e.getVolumeMounts());
            c.setSecurityContext(e.getSecurityContext());
            out.add(c);
        }
        return out;
    }

    /** The container of that name from any of the pod's lists, with its kind. */
    public static Optional<KindedContainer> find(Pod pod, String name) {
        for (Container c : initContainers(pod)) if (c.getName().equals(name)) return Optional.of(new KindedContainer(c, ContainerKind.ofInit(c)));
        for (Container c : containers(pod)) if (c.getName().equals(name)) return Optional.of(new KindedContainer(c, ContainerKind.REGULAR));
        for (Container c : ephemeralContainers(pod)) if (c.getName().equals(name)) return Optional.of(new KindedContainer(c, ContainerKind.EPHEMERAL));
        return Optional.empty();
    }

    public record KindedContainer(Container container, ContainerKind kind) {}

    public static String restartPolicy(Pod pod) {
        String p = pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
        return p == null || p.isEmpty() ? "Always" : p;
    }

    /** Upstream's shouldRestartOnFailure: anything but restartPolicy Never. */
    public static boolean restartsOnFailure(Pod pod) {
        return !"Never".equals(restartPolicy(pod));
    }

    public static boolean deleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null && !pod.getMetadata().getDeletionTimestamp().isEmpty();
    }

    public static boolean terminalPhase(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /**
     * The grace period a termination gets: the deletion's when the pod is being deleted, else
     * terminationGracePeriodSeconds (default 30); never below upstream's 2 s minimum for stopping
     * a container.
     */
    public static Duration terminationGrace(Pod pod) {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null && pod.getSpec() != null) seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        if (seconds == null) seconds = 30L;
        return Duration.ofSeconds(Math.max(2, seconds));
    }

    /** Upstream's format.Pod: "name_namespace(uid)". */
    public static String describe(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
    }
}

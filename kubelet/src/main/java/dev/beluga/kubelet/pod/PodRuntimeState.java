package dev.beluga.kubelet.pod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the kubelet observes of one pod (upstream's kubecontainer.PodStatus): its sandboxes and
 * container instances in the runtime, newest first, plus the kubelet's own memory of recent restarts
 * (the crash-loop back-off), which is lost, as upstream's, when the kubelet restarts.
 */
public record PodRuntimeState(List<ObservedSandbox> sandboxes, List<ObservedContainer> containers, RestartBackOff backOff) {
    private static final Comparator<ObservedSandbox> NEWEST_SANDBOX_FIRST =
            Comparator.comparing(ObservedSandbox::createdAt).thenComparingInt(ObservedSandbox::attempt).reversed();
    private static final Comparator<ObservedContainer> NEWEST_CONTAINER_FIRST =
            Comparator.comparing(ObservedContainer::createdAt).thenComparingInt(ObservedContainer::restartCount).reversed();

    public PodRuntimeState {
        List<ObservedSandbox> s = new ArrayList<>(sandboxes);
        s.sort(NEWEST_SANDBOX_FIRST);
        sandboxes = List.copyOf(s);
        List<ObservedContainer> c = new ArrayList<>(containers);
        c.sort(NEWEST_CONTAINER_FIRST);
        containers = List.copyOf(c);
    }

    /** Nothing in the runtime yet. */
    public static PodRuntimeState empty(RestartBackOff backOff) {
        return new PodRuntimeState(List.of(), List.of(), backOff);
    }

    public PodRuntimeState withBackOff(RestartBackOff updated) {
        return new PodRuntimeState(sandboxes, containers, updated);
    }

    /** The newest instance of the named container (upstream's FindContainerStatusByName). */
    public Optional<ObservedContainer> latest(String name) {
        for (ObservedContainer c : containers) if (c.name().equals(name)) return Optional.of(c);
        return Optional.empty();
    }

    /** The newest instance of the named container that has exited. */
    public Optional<ObservedContainer> latestExited(String name) {
        for (ObservedContainer c : containers) if (c.name().equals(name) && c.exited()) return Optional.of(c);
        return Optional.empty();
    }

    /** Every instance of the named container, newest first. */
    public List<ObservedContainer> instances(String name) {
        List<ObservedContainer> out = new ArrayList<>();
        for (ObservedContainer c : containers) if (c.name().equals(name)) out.add(c);
        return out;
    }

    public Optional<ObservedSandbox> newestSandbox() {
        return sandboxes.isEmpty() ? Optional.empty() : Optional.of(sandboxes.getFirst());
    }

    /** The pod's IPs: those of its newest sandbox while that one is ready (as upstream's GetPodStatus). */
    public List<String> podIps() {
        Optional<ObservedSandbox> s = newestSandbox();
        if (s.isEmpty() || !s.get().ready() || s.get().ip().isEmpty()) return List.of();
        List<String> ips = new ArrayList<>();
        ips.add(s.get().ip().get());
        ips.addAll(s.get().additionalIps());
        return ips;
    }

    public boolean anyRunning() {
        for (ObservedContainer c : containers) if (c.running()) return true;
        for (ObservedSandbox s : sandboxes) if (s.ready()) return true;
        return false;
    }
}

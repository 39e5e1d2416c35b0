package dev.beluga.kubelet.probe;

import dev.beluga.kubelet.pod.VariableExpansion;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs one check of a container's probe by its handler: exec, httpGet or tcpSocket (upstream's prober.runProbe). */
public final class ProbeRunner {
    /** Upstream's maxProbeRetries: a check that errors (no verdict) is tried again at once, this many times in all. */
    static final int MAX_TRIES = 3;
    static final String GRPC_UNSUPPORTED = "gRPC probes are not supported by this kubelet";

    private final ContainerRuntime runtime;

    public ProbeRunner(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @param containerId the runtime's id of the container instance (for exec)
     * @param podIps      the pod's IPs: the default host, and the only non-loopback hosts allowed
     */
    public ProbeOutcome run(Probe probe, Container container, String containerId, List<String> podIps) {
        ProbeOutcome last = new ProbeOutcome.Error("no check made");
        for (int i = 0; i < MAX_TRIES; i++) {
            last = once(probe, container, containerId, podIps);
            if (!(last instanceof ProbeOutcome.Error)) return last;
            if (probe.getGrpc() != null) return last;
        }
        return last;
    }

    private ProbeOutcome once(Probe probe, Container container, String containerId, List<String> podIps) {
        Duration timeout = Duration.ofSeconds(positive(probe.getTimeoutSeconds(), 1));
        if (probe.getExec() != null) return ExecCheck.run(runtime, containerId, staticallyExpanded(probe.getExec().getCommand(), container), timeout);
        if (probe.getHttpGet() != null) {
            var h = probe.getHttpGet();
            return switch (ProbeAddress.resolve(h.getHost(), h.getPort(), container, podIps)) {
                case ProbeAddress.Refused(String why) -> new ProbeOutcome.Error(why);
                case ProbeAddress.Resolved(ProbeAddress to) ->
                        HttpCheck.run(to, new HttpCheck.Request(h.getScheme(), h.getPath(), h.getHttpHeaders(), HttpCheck.PROBE_USER_AGENT, timeout));
            };
        }
        if (probe.getTcpSocket() != null) {
            var t = probe.getTcpSocket();
            return switch (ProbeAddress.resolve(t.getHost(), t.getPort(), container, podIps)) {
                case ProbeAddress.Refused(String why) -> new ProbeOutcome.Error(why);
                case ProbeAddress.Resolved(ProbeAddress to) -> TcpCheck.run(to, timeout);
            };
        }
        if (probe.getGrpc() != null) return new ProbeOutcome.Error(GRPC_UNSUPPORTED);
        return new ProbeOutcome.Error("missing probe handler for " + container.getName());
    }

    /**
     * Upstream's ExpandContainerCommandOnlyStatic: $(VAR) in an exec probe's command from the container's
     * env as written in the spec (a valueFrom variable counts as empty), unknown references kept.
     */
    static List<String> staticallyExpanded(List<String> command, Container container) {
        if (command == null) return List.of();
        Map<String, String> values = new HashMap<>();
        if (container.getEnv() != null) for (EnvVar e : container.getEnv()) values.put(e.getName(), e.getValue() == null ? "" : e.getValue());
        var mapping = VariableExpansion.keepingUnknown(values);
        return command.stream().map(s -> VariableExpansion.expand(s, mapping)).toList();
    }

    static int positive(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}

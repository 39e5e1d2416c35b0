package dev.beluga.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.net.InetAddress;
import java.util.List;

/**
 * Where an httpGet or tcpSocket check goes: the given host or else the pod's IP, and the port by
 * number or by the name of one of the container's ports (upstream's ResolveContainerPort).
 *
 * <p>Beluga keeps probe traffic on the node: the host must be one of the pod's IPs (on the
 * project's own bridge, or the node's for hostNetwork pods) or a loopback address, and an IP
 * literal (no name lookups); anything else is refused before any packet leaves.
 */
public record ProbeAddress(InetAddress address, String host, int port) {

    /** The resolution: an address, or why there is none. */
    public sealed interface Resolution permits Resolved, Refused {}

    public record Resolved(ProbeAddress address) implements Resolution {}

    public record Refused(String reason) implements Resolution {}

    /** host:port as Go's net.JoinHostPort writes it (IPv6 in brackets). */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public static Resolution resolve(String host, IntOrString port, Container container, List<String> podIps) {
        String h = host == null ? "" : host.trim();
        if (h.isEmpty()) {
            if (podIps.isEmpty()) return new Refused("the pod has no IP yet");
            h = podIps.getFirst();
        }
        InetAddress address;
        try {
            address = "localhost".equalsIgnoreCase(h) ? InetAddress.getLoopbackAddress() : InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException e) {
            return new Refused("host \"" + h + "\" is not an IP address; this kubelet does not resolve names for probes");
        }
        boolean podIp = podIps.stream().anyMatch(ip -> sameAddress(ip, address));
        if (!address.isLoopbackAddress() && !podIp) {
            return new Refused("host " + h + " is neither one of the pod's IPs " + podIps + " nor loopback; this kubelet probes only those");
        }
        int p;
        try {
            p = port(port, container);
        } catch (IllegalArgumentException e) {
            return new Refused(e.getMessage());
        }
        return new Resolved(new ProbeAddress(address, address.getHostAddress(), p));
    }

    private static boolean sameAddress(String ip, InetAddress address) {
        try {
            return InetAddress.ofLiteral(ip).equals(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Upstream's ResolveContainerPort: a number, a named container port, or a number written as a string; 1..65535. */
    static int port(IntOrString port, Container container) {
        if (port == null) throw new IllegalArgumentException("intOrString had no kind: <nil>");
        int p;
        if (port.getIntVal() != null) {
            p = port.getIntVal();
        } else {
            String name = port.getStrVal() == null ? "" : port.getStrVal();
            p = named(name, container);
            if (p < 0) {
                try {
                    p = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("couldn't find port: " + name + " in container " + container.getName());
                }
            }
        }
        if (p > 0 && p < 65536) return p;
        throw new IllegalArgumentException("invalid port number: " + p);
    }

    private static int named(String name, Container container) {
        List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
        for (ContainerPort cp : ports) if (name.equals(cp.getName()) && cp.getContainerPort() != null) return cp.getContainerPort();
        return -1;
    }
}

package dev.beluga.kubelet.runtime;

/** CRI PortMapping: a container port, published on the host when {@code hostPort} is not 0. */
public record PortMapping(Protocol protocol, int containerPort, int hostPort, String hostIp) {
    public enum Protocol { TCP, UDP, SCTP }
}

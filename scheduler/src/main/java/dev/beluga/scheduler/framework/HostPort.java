package dev.beluga.scheduler.framework;

/** A port a pod claims on its node's network (hostPort); an empty or 0.0.0.0 address claims every address. */
public record HostPort(String protocol, String hostIp, int port) {
    public static final String ANY_IP = "0.0.0.0";

    public HostPort {
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        hostIp = hostIp == null || hostIp.isEmpty() ? ANY_IP : hostIp;
    }

    /** Upstream's HostPortInfo.CheckConflict: same protocol and port, and same address or either is the wildcard. */
    public boolean conflictsWith(HostPort other) {
        if (port != other.port || !protocol.equals(other.protocol)) return false;
        return hostIp.equals(other.hostIp) || hostIp.equals(ANY_IP) || other.hostIp.equals(ANY_IP);
    }
}

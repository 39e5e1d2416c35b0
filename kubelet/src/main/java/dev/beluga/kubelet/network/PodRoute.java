package dev.beluga.kubelet.network;

/** A kernel route to another node's pods: {@code <destination> via <gateway>}, the gateway being that node's InternalIP. */
public record PodRoute(Ipv4Cidr destination, String gateway) {
    public PodRoute {
        if (!Ipv4Cidr.isAddress(gateway)) throw new IllegalArgumentException("not an IPv4 gateway: '" + gateway + "'");
    }

    @Override
    public String toString() {
        return destination + " via " + gateway;
    }
}

package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import java.util.BitSet;
import java.util.Optional;

/**
 * Hands out pod IPs from a node's podCIDR as CNI's host-local IPAM does: the network address, the
 * gateway (.1) and the broadcast address are never given; the lowest free address goes first.
 */
public final class PodIpAllocator {
    private static final int FIRST = 2;

    private final Ipv4Cidr cidr;
    private final BitSet used = new BitSet();
    private final int last;

    public PodIpAllocator(Ipv4Cidr cidr) {
        if (cidr.size() < 4) throw new IllegalArgumentException("a pod CIDR needs room for pods: " + cidr);
        this.cidr = cidr;
        this.last = (int) Math.min(Integer.MAX_VALUE, cidr.size() - 2);
    }

    public synchronized Optional<String> allocate() {
        int free = used.nextClearBit(FIRST);
        if (free > last) return Optional.empty();
        used.set(free);
        return Optional.of(cidr.address(free));
    }

    public synchronized void release(String ip) {
        if (!cidr.contains(ip)) return;
        used.clear((int) (Integer.toUnsignedLong(Ipv4Cidr.parseAddress(ip)) - Integer.toUnsignedLong(cidr.network())));
    }

    public synchronized int inUse() {
        return used.cardinality();
    }

    public Ipv4Cidr cidr() {
        return cidr;
    }
}

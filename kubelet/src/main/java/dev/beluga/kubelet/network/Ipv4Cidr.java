package dev.beluga.kubelet.network;

/**
 * An IPv4 network in CIDR form (10.93.1.0/24), as node podCIDRs and the cluster CIDR are written (also the hollow
 * nodes' pod address ranges).
 * Host bits are cleared, so "10.93.1.7/24" and "10.93.1.0/24" are the same network.
 */
public record Ipv4Cidr(int network, int prefixLength) {
    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        network &= mask(prefixLength);
    }

    /** @throws IllegalArgumentException when {@code text} is not an IPv4 CIDR */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("not an IPv4 CIDR such as 10.88.0.0/16: '" + text + "'");
        try {
            return new Ipv4Cidr(parseAddress(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 CIDR such as 10.88.0.0/16: '" + text + "'");
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not a dotted-quad IPv4 address */
    public static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            address = (address << 8) | octet;
        }
        return address;
    }

    public static boolean isAddress(String text) {
        try {
            parseAddress(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** How many addresses the network spans. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The address {@code offset} places into the network. */
    public String address(long offset) {
        if (offset < 0 || offset >= size()) throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        return formatAddress((int) (network + offset));
    }

    /** The {@code index}-th subnet of the given prefix length counted from this network's start. */
    public Ipv4Cidr subnet(long index, int subnetPrefixLength) {
        long step = 1L << (32 - subnetPrefixLength);
        return new Ipv4Cidr((int) (network + index * step), subnetPrefixLength);
    }

    public boolean contains(String address) {
        return (parseAddress(address) & mask(prefixLength)) == network;
    }

    /** Whether {@code other} lies wholly inside this network. */
    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
    }

    /** Whether the two networks share any address (one then contains the other). */
    public boolean overlaps(Ipv4Cidr other) {
        return contains(other) || other.contains(this);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public static String formatAddress(int a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    @Override
    public String toString() {
        return formatAddress(network) + "/" + prefixLength;
    }
}

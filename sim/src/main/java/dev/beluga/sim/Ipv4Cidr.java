package dev.beluga.sim;

/** An IPv4 network in CIDR form, e.g. 10.244.3.0/24. */
public record Ipv4Cidr(int network, int prefixLength) {
    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        network &= mask(prefixLength);
    }

    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("not a CIDR: " + text);
        return new Ipv4Cidr(parseAddress(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
    }

    public static int parseAddress(String text) {
        String[] parts = text.split("\\.");
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + text);
        int a = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) throw new IllegalArgumentException("not an IPv4 address: " + text);
            a = (a << 8) | octet;
        }
        return a;
    }

    public static String formatAddress(int a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
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

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return formatAddress(network) + "/" + prefixLength;
    }
}

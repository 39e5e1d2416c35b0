package dev.beluga.server;

import java.net.InetAddress;
import java.net.URI;

/** The URL clients on this machine use to reach a server bound to an address and port. */
final class ClientUrl {
    private ClientUrl() {}

    /**
     * https://bind:port, except that a wildcard bind (0.0.0.0, ::) is reached through loopback, and
     * IPv6 literals get brackets.
     */
    static URI of(String bindAddress, int port) {
        String host = bindAddress;
        try {
            InetAddress ip = InetAddress.ofLiteral(bindAddress);
            if (ip.isAnyLocalAddress()) {
                host = "127.0.0.1";
            } else if (ip instanceof java.net.Inet6Address) {
                host = "[" + ip.getHostAddress() + "]";
            }
        } catch (IllegalArgumentException hostName) {
            // A host name is used as given.
        }
        return URI.create("https://" + host + ":" + port);
    }
}

package dev.beluga.kubelet.runtime;

import java.util.List;

/** CRI DNSConfig: what goes into the sandbox's resolv.conf. */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
    public DnsConfig {
        servers = List.copyOf(servers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }
}

package dev.beluga.kubelet.network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's main routing table through iproute2, limited to the routes Beluga installs: they carry
 * our own routing protocol number ({@link #PROTOCOL}, as flannel and kube-router mark theirs), so after a
 * restart the node finds its stale routes and never touches routes of anyone else. A thin applier:
 * what to change comes from {@link PodRoutes}.
 */
public final class KernelRoutes {
    /** `proto 98` on every route we install; unassigned in iproute2's rt_protos. */
    public static final int PROTOCOL = 98;
    private static final String IP = "ip";

    /** Our routes to destinations inside {@code clusterCidr} (another cluster's Beluga on this machine keeps its own). */
    public List<PodRoute> installed(Ipv4Cidr clusterCidr) throws IOException {
        String out = HostCommand.check(List.of(IP, "-4", "route", "show", "table", "main", "proto", Integer.toString(PROTOCOL)), "");
        return parse(out).stream().filter(r -> clusterCidr.contains(r.destination())).toList();
    }

    /** Lines such as "10.93.1.0/24 via 10.93.255.2 dev veth0"; lines without a gateway are not ours to manage. */
    static List<PodRoute> parse(String ipRouteOutput) {
        List<PodRoute> routes = new ArrayList<>();
        for (String line : ipRouteOutput.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] words = line.split("\\s+");
            Optional<String> via = Optional.empty();
            for (int i = 1; i + 1 < words.length; i++) {
                if (words[i].equals("via")) via = Optional.of(words[i + 1]);
            }
            if (via.isEmpty() || !Ipv4Cidr.isAddress(via.get())) continue;
            String destination = words[0].contains("/") ? words[0] : words[0] + "/32";
            try {
                routes.add(new PodRoute(Ipv4Cidr.parse(destination), via.get()));
            } catch (IllegalArgumentException e) {
                // "default" or another form we never install
            }
        }
        return routes;
    }

    /** Adds the route, or swaps the gateway of an existing route to its destination. */
    public void replace(PodRoute route) throws IOException {
        HostCommand.check(List.of(IP, "-4", "route", "replace", route.destination().toString(), "via", route.gateway(),
                "proto", Integer.toString(PROTOCOL)), "");
    }

    /** Deletes the route; one already gone is not an error. */
    public void delete(PodRoute route) throws IOException {
        HostCommand result = HostCommand.run(List.of(IP, "-4", "route", "del", route.destination().toString(), "via", route.gateway(),
                "proto", Integer.toString(PROTOCOL)));
        if (!result.succeeded() && !result.output().contains("No such process")) {
            throw new IOException("ip route del " + route + " exited " + result.exitCode() + ": " + result.output());
        }
    }
}

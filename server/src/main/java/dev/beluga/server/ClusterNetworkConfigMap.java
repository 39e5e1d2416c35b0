package dev.beluga.server;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.kubelet.network.Ipv4Cidr;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster CIDR in the API, where every node's kubelet (the server's own and agents') learns it:
 * ConfigMap kube-system/beluga-cluster-network, key clusterCIDR — as flannel's nodes read their network
 * from the kube-flannel-cfg ConfigMap. The server writes it at each start from --cluster-cidr.
 */
final class ClusterNetworkConfigMap {
    static final String NAMESPACE = "kube-system";
    static final String NAME = "beluga-cluster-network";
    static final String KEY = "clusterCIDR";

    private ClusterNetworkConfigMap() {}

    /** Creates the ConfigMap, or updates it when it says another CIDR (the last server started with a different flag wins). */
    static void publish(Client client, String clusterCidr) {
        ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(NAME).endMetadata()
                .withData(Map.of(KEY, clusterCidr)).build();
        for (int attempt = 0; ; attempt++) {
            try {
                Optional<ConfigMap> existing = client.get(Kind.CONFIGMAPS, NAMESPACE, NAME);
                if (existing.isEmpty()) {
                    client.create(Kind.CONFIGMAPS, wanted);
                } else if (!clusterCidr.equals(existing.get().getData() == null ? null : existing.get().getData().get(KEY))) {
                    ConfigMap updated = new ConfigMapBuilder(existing.get()).withData(Map.of(KEY, clusterCidr)).build();
                    client.update(Kind.CONFIGMAPS, updated);
                }
                return;
            } catch (StatusException e) {
                // Another server of the same datastore wrote it meanwhile (409): read again.
                if (e.code() != 409 || attempt >= 5) throw e;
            }
        }
    }

    /**
     * The published cluster CIDR, waiting up to {@code timeout} for a server that is still starting.
     *
     * @throws CommandFailure when none is published in time or it is not an IPv4 CIDR
     */
    static Ipv4Cidr read(Client client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> cidr = client.get(Kind.CONFIGMAPS, NAMESPACE, NAME).flatMap(c -> Optional.ofNullable(c.getData()).map(d -> d.get(KEY)));
            if (cidr.isPresent()) {
                try {
                    return Ipv4Cidr.parse(cidr.get().strip());
                } catch (IllegalArgumentException e) {
                    throw new CommandFailure("ConfigMap " + NAMESPACE + "/" + NAME + " has no usable " + KEY + ": " + e.getMessage(), e);
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new CommandFailure("the cluster publishes no cluster CIDR (ConfigMap " + NAMESPACE + "/" + NAME + ", key " + KEY
                        + "); a beluga server writes it at start from --cluster-cidr");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure("interrupted while reading the cluster CIDR", e);
            }
        }
    }
}

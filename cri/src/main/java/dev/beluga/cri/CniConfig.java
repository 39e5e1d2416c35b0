package dev.beluga.cri;

/**
 * Renders the CNI conflist a node's containerd uses: a bridge with host-local IPAM on the node's
 * podCIDR (the bridge is the pods' gateway), portmap for hostPorts, and loopback is added by
 * containerd itself for every sandbox. A pure function.
 *
 * <p>The bridge does not masquerade (ipMasq off): its rule would SNAT everything leaving the pod
 * subnet, pod-to-pod traffic to other nodes included, which the Kubernetes network model forbids.
 * The node's kubelet masquerades instead, only traffic leaving the cluster CIDR
 * (dev.beluga.kubelet.network.PodNetworkRules), as flannel does beside the same bridge plugin.
 */
public final class CniConfig {
    /** The conflist's file name; containerd loads the first conflist of the directory in name order. */
    public static final String FILE_NAME = "10-beluga.conflist";

    private CniConfig() {}

    public static String render(ContainerdSettings settings) {
        String name = settings.bridgeName();
        return """
                {
                  "cniVersion": "1.0.0",
                  "name": %s,
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": %s,
                      "isGateway": true,
                      "ipMasq": false,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "dataDir": %s,
                        "ranges": [[{"subnet": %s}]],
                        "routes": [{"dst": "0.0.0.0/0"}]
                      }
                    },
                    {
                      "type": "portmap",
                      "capabilities": {"portMappings": true}
                    },
                    {
                      "type": "loopback"
                    }
                  ]
                }
                """.formatted(json(name), json(name), json(settings.cniIpamDir().toString()), json(settings.podCidr()));
    }

    static String json(String value) {
        return QuotedString.of(value);
    }
}

package dev.beluga.cri;

/**
 * Renders the CNI conflist a node's containerd uses: a bridge with host-local IPAM on the node's
 * podCIDR (the bridge is the pods' gateway and masquerades their traffic), portmap for hostPorts,
 * and loopback is added by containerd itself for every sandbox. A pure function.
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
                      "ipMasq": true,
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

package dev.beluga.apiserver.discovery;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The discovery document shape a client asked for in its Accept header. client-go (1.26+) sends
 * {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
 * application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json}; the
 * first acceptable clause wins, as in upstream's content negotiation.
 */
public enum DiscoveryFormat {
    /** APIVersions / APIGroupList / APIResourceList. */
    LEGACY("application/json"),
    /** apidiscovery.k8s.io/v2 APIGroupDiscoveryList. */
    AGGREGATED_V2("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"),
    /** apidiscovery.k8s.io/v2beta1 APIGroupDiscoveryList. */
    AGGREGATED_V2BETA1("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");

    /**
     * The Content-Type answered. client-go's ContentTypeIsGVK parses it and compares the g, v and as
     * parameters, so these carry exactly the accepted clause's parameters.
     */
    public final String contentType;

    DiscoveryFormat(String contentType) {
        this.contentType = contentType;
    }

    public String apiVersion() {
        return this == AGGREGATED_V2BETA1 ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2";
    }

    /** The format for an Accept header; legacy when nothing aggregated is acceptable (or no header). */
    public static DiscoveryFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) return LEGACY;
        for (String clause : accept.split(",")) {
            String[] parts = clause.split(";");
            String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
            Map<String, String> params = new TreeMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) params.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
            }
            if ("0".equals(params.get("q"))) continue;
            boolean json = mediaType.equals("application/json");
            if (json && "apidiscovery.k8s.io".equals(params.get("g")) && "APIGroupDiscoveryList".equals(params.get("as"))) {
                if ("v2".equals(params.get("v"))) return AGGREGATED_V2;
                if ("v2beta1".equals(params.get("v"))) return AGGREGATED_V2BETA1;
                continue;
            }
            if (params.containsKey("as") || params.containsKey("g")) continue;
            if (json || mediaType.equals("application/*") || mediaType.equals("*/*")) return LEGACY;
        }
        return LEGACY;
    }
}

package dev.beluga.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How `beluga server` was asked to run, after defaults were applied.
 *
 * @param bindAddress        address the API listens on
 * @param httpsPort          port the API listens on (0 = any free one, for tests)
 * @param dataDir            where state, keys and the kubeconfig live
 * @param compactionInterval how often storage history older than this is dropped
 * @param watchCacheHistory  events kept in memory for resuming watches
 * @param cluster            what runs beside the API: scheduler and controllers, hollow nodes
 * @param datastore          where the state lives; empty means the SQLite file in the data dir
 * @param nodeName           this server's name as a node and as a leader-election candidate (--node-name);
 *                           empty means the machine's host name
 */
record ServerSettings(String bindAddress, int httpsPort, Path dataDir, Duration compactionInterval, int watchCacheHistory,
                      ClusterSettings cluster, Optional<Datastore> datastore, Optional<String> nodeName) {
    /** A DNS-1123 subdomain, what a Node's name must be. */
    private static final java.util.regex.Pattern NODE_NAME =
            java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    ServerSettings {
        // Upstream's kubelet lower-cases and trims --hostname-override the same way.
        nodeName = nodeName.map(n -> n.strip().toLowerCase(java.util.Locale.ROOT));
        if (nodeName.isPresent() && (nodeName.get().length() > 253 || !NODE_NAME.matcher(nodeName.get()).matches())) {
            throw new IllegalArgumentException("--node-name must be a DNS subdomain (lower-case letters, digits, '-' and '.'), not '"
                    + nodeName.get() + "'");
        }
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is empty");
        }
        if (httpsPort < 0 || httpsPort > 65535) {
            throw new IllegalArgumentException("port " + httpsPort + " is not in 0-65535");
        }
        if (watchCacheHistory < 1) {
            throw new IllegalArgumentException("watch cache history must be at least 1, not " + watchCacheHistory);
        }
    }

    /** The API alone with the default cluster settings. */
    ServerSettings(String bindAddress, int httpsPort, Path dataDir, Duration compactionInterval, int watchCacheHistory) {
        this(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, ClusterSettings.DEFAULTS, Optional.empty(), Optional.empty());
    }

    /** On the machine's host name as a node. */
    ServerSettings(String bindAddress, int httpsPort, Path dataDir, Duration compactionInterval, int watchCacheHistory,
                   ClusterSettings cluster, Optional<Datastore> datastore) {
        this(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, cluster, datastore, Optional.empty());
    }

    ServerSettings withCluster(ClusterSettings cluster) {
        return new ServerSettings(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, cluster, datastore, nodeName);
    }

    ServerSettings withDatastore(Datastore datastore) {
        return new ServerSettings(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, cluster, Optional.of(datastore), nodeName);
    }

    ServerSettings withNodeName(String name) {
        return new ServerSettings(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, cluster, datastore, Optional.of(name));
    }
}

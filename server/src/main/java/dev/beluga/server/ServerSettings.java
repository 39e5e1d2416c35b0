package dev.beluga.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How `beluga server` was asked to run, after defaults were applied.
 *
 * @param bindAddress        address the API listens on
 * @param httpsPort          port the API listens on (0 = any free one, for tests)
 * @param dataDir            where state, keys and the kubeconfig live
 * @param compactionInterval how often storage history older than this is dropped
 * @param watchCacheHistory  events kept in memory for resuming watches
 * @param cluster            what runs beside the API: scheduler and controllers, hollow nodes
 */
record ServerSettings(String bindAddress, int httpsPort, Path dataDir, Duration compactionInterval, int watchCacheHistory,
                      ClusterSettings cluster) {
    ServerSettings {
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
        this(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, ClusterSettings.DEFAULTS);
    }

    ServerSettings withCluster(ClusterSettings cluster) {
        return new ServerSettings(bindAddress, httpsPort, dataDir, compactionInterval, watchCacheHistory, cluster);
    }
}

package dev.beluga.kubelet.sync;

import java.time.Instant;
import java.util.Optional;

/** How a pod's sync ended. */
sealed interface SyncResult {
    /** The pod is settled; sync again at {@code resyncAt} (a back-off ending), or on the next change. */
    record Settled(Optional<Instant> resyncAt) implements SyncResult {}

    /** The pod is gone from the node and its runtime leftovers removed: its worker can be dropped. */
    record TornDown() implements SyncResult {}
}

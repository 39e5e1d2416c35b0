package dev.beluga.kubelet.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to read of one container's log (upstream's CRI-internal LogOptions, from v1.PodLogOptions).
 *
 * @param tailLines  the last N lines of the file only
 * @param since      entries older than this are skipped (the later of sinceSeconds and sinceTime)
 * @param limitBytes stop once this many bytes (timestamps included) are written
 */
public record LogOptions(boolean follow, OptionalLong tailLines, Optional<Instant> since, boolean timestamps, OptionalLong limitBytes) {
    public static LogOptions all() {
        return new LogOptions(false, OptionalLong.empty(), Optional.empty(), false, OptionalLong.empty());
    }
}

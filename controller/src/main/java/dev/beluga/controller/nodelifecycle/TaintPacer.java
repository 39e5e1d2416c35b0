package dev.beluga.controller.nodelifecycle;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Paces NoExecute tainting per zone, as upstream's per-zone token buckets (burst 1): at most
 * {@code rate} nodes per second start being evicted in a zone, so a flapping network does not empty
 * a zone at once. A rate of 0 stops tainting in that zone.
 */
final class TaintPacer {
    private record Bucket(double rate, double tokens, Instant at) {}

    private final Map<String, Bucket> buckets = new HashMap<>();

    /** Sets a zone's rate, keeping the tokens it has (a new zone starts with a full bucket). */
    synchronized void rate(String zone, double rate, Instant now) {
        Bucket b = buckets.get(zone);
        buckets.put(zone, b == null ? new Bucket(rate, 1, now) : new Bucket(rate, refill(b, now), now));
    }

    /** Takes a token from the zone's bucket when one is there. */
    synchronized boolean tryTaint(String zone, Instant now) {
        Bucket b = buckets.get(zone);
        if (b == null) return false;
        double tokens = refill(b, now);
        if (tokens < 1) {
            buckets.put(zone, new Bucket(b.rate(), tokens, now));
            return false;
        }
        buckets.put(zone, new Bucket(b.rate(), tokens - 1, now));
        return true;
    }

    private static double refill(Bucket b, Instant now) {
        double seconds = Math.max(0, (now.toEpochMilli() - b.at().toEpochMilli()) / 1000.0);
        return Math.min(1, b.tokens() + seconds * b.rate());
    }
}

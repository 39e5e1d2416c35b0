package dev.beluga.controller.namespace;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass over a terminating namespace's content left behind.
 *
 * @param remaining  per resource (upstream's "resource.group" form, e.g. "pods." or "replicasets.apps"),
 *                   how many objects are still there
 * @param finalizers per finalizer, how many remaining objects still carry it
 * @param failures   what could not be listed or deleted, one line per resource
 */
public record ContentReport(Map<String, Integer> remaining, Map<String, Integer> finalizers, List<String> failures) {
    public ContentReport {
        remaining = Map.copyOf(new TreeMap<>(remaining));
        finalizers = Map.copyOf(new TreeMap<>(finalizers));
        failures = List.copyOf(failures);
    }

    /** Nothing is left and nothing failed: the namespace can be finalized. */
    public boolean empty() {
        return remaining.values().stream().allMatch(n -> n == 0) && failures.isEmpty();
    }
}

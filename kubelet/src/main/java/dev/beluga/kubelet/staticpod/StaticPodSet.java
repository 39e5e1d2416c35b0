package dev.beluga.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The static pods of a whole manifest folder: the readings of its files (in file order) merged, a
 * pod whose namespace/name an earlier file already took rejected as upstream's duplicate check
 * does, and each pod's config.seen kept from when its uid was first seen. Pure.
 *
 * @param pods       by uid, in file order
 * @param rejected   pods that do not run and why
 * @param unreadable files that gave no pods at all
 */
public record StaticPodSet(Map<String, Pod> pods, List<ManifestReading.Rejected> rejected, List<ManifestReading.Unreadable> unreadable) {
    public StaticPodSet {
        pods = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pods));
        rejected = List.copyOf(rejected);
        unreadable = List.copyOf(unreadable);
    }

    public static StaticPodSet empty() {
        return new StaticPodSet(Map.of(), List.of(), List.of());
    }

    /** @param seenBefore config.seen of the pods known so far, by uid */
    public static StaticPodSet of(List<ManifestReading> readings, Map<String, String> seenBefore, Instant now) {
        Map<String, Pod> pods = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        List<ManifestReading.Rejected> rejected = new ArrayList<>();
        List<ManifestReading.Unreadable> unreadable = new ArrayList<>();
        for (ManifestReading r : readings) {
            switch (r) {
                case ManifestReading.Unreadable u -> unreadable.add(u);
                case ManifestReading.Pods p -> {
                    rejected.addAll(p.rejected());
                    for (Pod pod : p.accepted()) {
                        String full = StaticPods.fullName(pod);
                        String uid = pod.getMetadata().getUid();
                        if (names.containsKey(full) || pods.containsKey(uid)) {
                            rejected.add(new ManifestReading.Rejected(pod, "Error validating pod " + ManifestParser.describe(pod) + " from file due to duplicate pod name \""
                                    + pod.getMetadata().getName() + "\", ignoring"));
                            continue;
                        }
                        names.put(full, uid);
                        Map<String, String> annotations = new LinkedHashMap<>(pod.getMetadata().getAnnotations());
                        annotations.put(StaticPods.CONFIG_SEEN, seenBefore.getOrDefault(uid, now.toString()));
                        pod.getMetadata().setAnnotations(annotations);
                        pods.put(uid, pod);
                    }
                }
            }
        }
        return new StaticPodSet(pods, rejected, unreadable);
    }

    /** config.seen by uid, for the next reading. */
    public Map<String, String> seen() {
        Map<String, String> out = new HashMap<>();
        pods.forEach((uid, pod) -> out.put(uid, pod.getMetadata().getAnnotations().get(StaticPods.CONFIG_SEEN)));
        return out;
    }
}

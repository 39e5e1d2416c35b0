package dev.beluga.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** Upstream's annotations of static and mirror pods (kubelet/types), and the tests on them. */
public final class StaticPods {
    /** Where a pod came from: "file" for a manifest, "api" for the API server. */
    public static final String CONFIG_SOURCE = "kubernetes.io/config.source";
    /** The static pod's hash (its uid), which its mirror carries as {@link #CONFIG_MIRROR}. */
    public static final String CONFIG_HASH = "kubernetes.io/config.hash";
    /** When the kubelet first saw the pod (RFC 3339 with nanoseconds). */
    public static final String CONFIG_SEEN = "kubernetes.io/config.seen";
    /** On a mirror pod only: the hash of the static pod it mirrors. */
    public static final String CONFIG_MIRROR = "kubernetes.io/config.mirror";
    public static final String FILE_SOURCE = "file";

    private StaticPods() {}

    /** A pod this kubelet runs from a manifest file. */
    public static boolean isStatic(Pod pod) {
        return FILE_SOURCE.equals(annotations(pod).get(CONFIG_SOURCE));
    }

    /** A pod in the API that stands for a static pod (the kubelet does not run it). */
    public static boolean isMirror(Pod pod) {
        return annotations(pod).containsKey(CONFIG_MIRROR);
    }

    public static String hash(Pod pod) {
        return annotations(pod).getOrDefault(CONFIG_HASH, "");
    }

    public static String mirrorHash(Pod pod) {
        return annotations(pod).getOrDefault(CONFIG_MIRROR, "");
    }

    /** namespace/name, the key static and mirror pods are matched by. */
    public static String fullName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    static Map<String, String> annotations(Pod pod) {
        Map<String, String> a = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }
}

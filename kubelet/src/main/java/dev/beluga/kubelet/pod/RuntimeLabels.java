package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;

/**
 * The labels and annotations the kubelet puts on sandboxes and containers (upstream's
 * kuberuntime/labels.go): the labels name the pod and container, so a restarted kubelet finds
 * everything it started; the annotations carry what the kubelet needs to remember across its own
 * restarts (restart count, spec hash, grace periods).
 */
public final class RuntimeLabels {
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";

    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    public static final String CONTAINER_RESTART_COUNT = "io.kubernetes.container.restartCount";
    public static final String TERMINATION_MESSAGE_PATH = "io.kubernetes.container.terminationMessagePath";
    public static final String TERMINATION_MESSAGE_POLICY = "io.kubernetes.container.terminationMessagePolicy";
    public static final String POD_TERMINATION_GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
    /** Which list of the pod spec the container comes from; upstream keeps no such mark, Beluga's runtimes read it. */
    public static final String CONTAINER_KIND = "beluga.dev/container-kind";

    private RuntimeLabels() {}

    /** The labels that select everything of one pod in the runtime. */
    public static Map<String, String> ofPod(String uid) {
        return Map.of(POD_UID, uid);
    }

    /** A sandbox's labels: the pod's own labels plus the kubelet's (which win). */
    public static Map<String, String> sandboxLabels(Pod pod) {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> own = pod.getMetadata().getLabels();
        if (own != null) labels.putAll(own);
        labels.put(POD_NAME, pod.getMetadata().getName());
        labels.put(POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(POD_UID, pod.getMetadata().getUid());
        return labels;
    }

    public static Map<String, String> containerLabels(Pod pod, String containerName) {
        return Map.of(POD_NAME, pod.getMetadata().getName(), POD_NAMESPACE, pod.getMetadata().getNamespace(),
                POD_UID, pod.getMetadata().getUid(), CONTAINER_NAME, containerName);
    }

    /** The pod's uid from a sandbox's or container's labels ("" when they are not the kubelet's). */
    public static String podUid(Map<String, String> labels) {
        return labels.getOrDefault(POD_UID, "");
    }
}

package dev.beluga.kubelet.cgroup;

import dev.beluga.kubelet.security.ContainerResources;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Upstream's pod cgroup names with the cgroupfs driver (the kubelet's QoS container manager):
 * Guaranteed pods at {@code /kubepods/pod<uid>}, Burstable and BestEffort ones under
 * {@code /kubepods/burstable} and {@code /kubepods/besteffort}. Sent as the sandbox's cgroup parent,
 * so containerd puts the sandbox and the containers at {@code <parent>/<container id>}. Pure.
 */
public final class PodCgroupName {
    /** Upstream's root of pod cgroups (cgroupRoot "/" + "kubepods"). */
    public static final String ROOT = "/kubepods";

    private PodCgroupName() {}

    public static String of(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return switch (ContainerResources.qosClass(pod)) {
            case "Guaranteed" -> ROOT + "/pod" + uid;
            case "Burstable" -> ROOT + "/burstable/pod" + uid;
            default -> ROOT + "/besteffort/pod" + uid;
        };
    }

    /** Every name a pod with this uid may have had (its QoS class is unknown once only its uid is left). */
    public static List<String> candidates(String uid) {
        return List.of(ROOT + "/pod" + uid, ROOT + "/burstable/pod" + uid, ROOT + "/besteffort/pod" + uid);
    }
}

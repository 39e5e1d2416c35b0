package dev.beluga.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's mirror pod rules (kubelet syncPod and HandlePodCleanups), pure: every static pod has a
 * mirror in the API carrying its hash; a mirror with another hash, or being deleted, is deleted
 * (and created again once gone); a mirror without a static pod is deleted.
 */
public final class MirrorPods {
    private MirrorPods() {}

    /**
     * @param staticPods the static pods this kubelet runs
     * @param mirrors    the mirror pods the API holds for this node (pods with config.mirror)
     */
    public static List<MirrorAction> plan(Collection<Pod> staticPods, Collection<Pod> mirrors) {
        Map<String, Pod> mirrorByName = new HashMap<>();
        for (Pod m : mirrors) mirrorByName.put(StaticPods.fullName(m), m);
        Map<String, Pod> staticByName = new LinkedHashMap<>();
        for (Pod s : staticPods) staticByName.put(StaticPods.fullName(s), s);

        List<MirrorAction> actions = new ArrayList<>();
        for (Pod s : staticByName.values()) {
            Pod m = mirrorByName.get(StaticPods.fullName(s));
            if (m == null) {
                actions.add(new MirrorAction.Create(s));
            } else if (m.getMetadata().getDeletionTimestamp() != null) {
                actions.add(delete(m, "deleted through the API; the kubelet creates it again"));
            } else if (!StaticPods.mirrorHash(m).equals(StaticPods.hash(s))) {
                actions.add(delete(m, "mirrors an older version of the static pod"));
            }
        }
        for (Pod m : mirrorByName.values()) {
            if (!staticByName.containsKey(StaticPods.fullName(m))) actions.add(delete(m, "its static pod is gone"));
        }
        return actions;
    }

    private static MirrorAction.Delete delete(Pod mirror, String reason) {
        ObjectMeta meta = mirror.getMetadata();
        return new MirrorAction.Delete(meta.getNamespace(), meta.getName(), meta.getUid(), reason);
    }

    /**
     * The API object standing for {@code staticPod}: its metadata and spec, the config.mirror
     * annotation, and the Node as controlling owner (so the garbage collector removes it with the
     * Node), as upstream's mirror client builds it.
     */
    public static Pod mirrorOf(Pod staticPod, String nodeName, String nodeUid) {
        Pod mirror = new PodBuilder(staticPod).withStatus(null).build();
        ObjectMeta meta = mirror.getMetadata();
        Map<String, String> annotations = new LinkedHashMap<>(StaticPods.annotations(staticPod));
        annotations.put(StaticPods.CONFIG_MIRROR, StaticPods.hash(staticPod));
        meta.setAnnotations(annotations);
        meta.setUid(null);
        meta.setResourceVersion(null);
        meta.setCreationTimestamp(null);
        OwnerReference node = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(nodeName).withUid(nodeUid)
                .withController(true).build();
        meta.setOwnerReferences(List.of(node));
        return mirror;
    }
}

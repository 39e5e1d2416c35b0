package dev.beluga.controller.replicaset;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ObjectCopy;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Upstream's GetPodFromTemplate: the pod a ReplicaSet creates. */
public final class PodTemplates {
    /** Upstream's limit for a generateName prefix to still validate (DNS subdomain, minus the random suffix). */
    private static final int MAX_PREFIX = 253 - 5;

    private PodTemplates() {}

    /**
     * A new pod: generateName "&lt;rs&gt;-", the template's labels, annotations and finalizers, the
     * ReplicaSet as controller (blockOwnerDeletion), and a copy of the template's spec.
     */
    public static Pod newPod(ReplicaSet rs) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        ObjectMeta tm = template == null || template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(rs.getMetadata().getNamespace());
        meta.setGenerateName(generateNamePrefix(rs.getMetadata().getName()));
        meta.setLabels(tm.getLabels() == null ? null : new LinkedHashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null ? null : new LinkedHashMap<>(tm.getAnnotations()));
        meta.setFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()));
        meta.setOwnerReferences(List.of(ControllerRefs.newControllerRef(rs)));
        Pod pod = new Pod();
        pod.setMetadata(meta);
        pod.setSpec(template == null || template.getSpec() == null ? new PodSpec() : ObjectCopy.of(template.getSpec()));
        return pod;
    }

    /** "&lt;name&gt;-" reads better; a name too long for the dash and the suffix is used as is. */
    static String generateNamePrefix(String controllerName) {
        String prefix = controllerName + "-";
        return prefix.length() > MAX_PREFIX ? controllerName : prefix;
    }
}

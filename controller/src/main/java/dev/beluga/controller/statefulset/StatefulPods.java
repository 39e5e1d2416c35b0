package dev.beluga.controller.statefulset;

import dev.beluga.controller.ControllerRefs;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** A StatefulSet pod's identity and how one is made (upstream's newStatefulSetPod, initIdentity, identityMatches). */
final class StatefulPods {
    static final String REVISION_LABEL = "controller-revision-hash";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private StatefulPods() {}

    /**
     * The pod for {@code ordinal} from {@code template} (the template of the revision it is made at):
     * the template's labels, annotations, finalizers and spec, the identity labels and revision label,
     * hostname = pod name, subdomain = serviceName, and the set as controller.
     */
    static Pod newPod(StatefulSet set, PodTemplateSpec template, String revision, int ordinal) {
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        String name = PodOrdinal.podName(set.getMetadata().getName(), ordinal);
        Map<String, String> labels = new LinkedHashMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(REVISION_LABEL, revision);
        PodSpec spec = template.getSpec() == null ? new PodSpec() : new PodSpecBuilder(template.getSpec()).build();
        spec.setHostname(name);
        String service = set.getSpec().getServiceName();
        spec.setSubdomain(service == null || service.isEmpty() ? null : service);
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withGenerateName(set.getMetadata().getName() + "-")
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(tm.getAnnotations() == null || tm.getAnnotations().isEmpty() ? null : new LinkedHashMap<>(tm.getAnnotations()))
                .withFinalizers(tm.getFinalizers() == null || tm.getFinalizers().isEmpty() ? null : new ArrayList<>(tm.getFinalizers()))
                .withOwnerReferences(ControllerRefs.newControllerRef(set))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    static String revisionOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String r = labels == null ? null : labels.get(REVISION_LABEL);
        return r == null ? "" : r;
    }

    /** Upstream's identityMatches, with the pod-index label (PodIndexLabel, on by default). */
    static boolean identityMatches(StatefulSet set, Pod pod) {
        var ordinal = PodOrdinal.of(pod);
        if (ordinal.isEmpty() || !ordinal.get().parent().equals(set.getMetadata().getName())) return false;
        Map<String, String> labels = ControllerRefs.labelsOf(pod);
        return pod.getMetadata().getName().equals(PodOrdinal.podName(set.getMetadata().getName(), ordinal.get().ordinal()))
                && set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL))
                && Integer.toString(ordinal.get().ordinal()).equals(labels.get(POD_INDEX_LABEL));
    }

    /** A copy of the pod with its identity labels put back (upstream's updateIdentity; hostname and subdomain are immutable). */
    static Pod withIdentity(Pod pod) {
        Pod copy = new PodBuilder(pod).build();
        int ordinal = PodOrdinal.ordinalOf(pod);
        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels() == null ? Map.of() : copy.getMetadata().getLabels());
        labels.put(POD_NAME_LABEL, copy.getMetadata().getName());
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        copy.getMetadata().setLabels(labels);
        return copy;
    }
}

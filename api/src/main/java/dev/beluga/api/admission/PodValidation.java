package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Upstream's ValidatePodCreate, ValidatePodUpdate and ValidatePodStatusUpdate. */
final class PodValidation {
    static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
    static final List<String> PHASES = List.of("Pending", "Running", "Succeeded", "Failed", "Unknown");
    static final List<String> CONDITION_STATUSES = List.of("True", "False", "Unknown");
    private static final Set<String> SYSTEM_CONDITIONS = Set.of("PodScheduled", "Ready", "Initialized");

    private PodValidation() {}

    static void create(Pod pod, List<FieldError> errs) {
        ObjectMetaValidation.validate(pod.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        PodSpecValidation.validate(pod.getSpec(), "spec", errs);
        if (pod.getSpec() != null) {
            List<Container> containers = PodSpecDefaults.list(pod.getSpec().getContainers());
            for (int i = 0; i < containers.size(); i++) {
                String image = containers.get(i).getImage();
                if (image != null && !image.equals(image.strip())) {
                    errs.add(FieldError.invalid("spec.containers[" + i + "].image", image, "must not have leading or trailing whitespace"));
                }
            }
            if (!PodSpecDefaults.list(pod.getSpec().getEphemeralContainers()).isEmpty()) {
                errs.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
            }
        }
    }

    static void update(Pod pod, Pod old, List<FieldError> errs) {
        ObjectMetaValidation.validate(pod.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        ObjectMetaValidation.validateUpdate(pod.getMetadata(), old.getMetadata(), "metadata", errs);
        PodSpecValidation.validate(pod.getSpec(), "spec", errs);
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodSpec oldSpec = old.getSpec() == null ? new PodSpec() : old.getSpec();

        if (spec.getActiveDeadlineSeconds() != null) {
            long v = spec.getActiveDeadlineSeconds();
            if (v >= 1 && v <= Integer.MAX_VALUE && oldSpec.getActiveDeadlineSeconds() != null && oldSpec.getActiveDeadlineSeconds() < v) {
                errs.add(FieldError.invalid("spec.activeDeadlineSeconds", v, "must be less than or equal to previous value"));
                return;
            }
        } else if (oldSpec.getActiveDeadlineSeconds() != null) {
            errs.add(FieldError.invalid("spec.activeDeadlineSeconds", GoValue.of("null"), "must not update from a positive integer to nil value"));
        }
        if (!onlyAddedTolerations(spec.getTolerations(), oldSpec.getTolerations())) {
            errs.add(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
        }

        // Everything but the mutable fields must equal the old spec: copy those fields from old, then compare.
        PodSpec munged = new PodSpecBuilder(spec).build();
        PodSpec before = new PodSpecBuilder(oldSpec).build();
        copyImages(munged.getContainers(), before.getContainers());
        copyImages(munged.getInitContainers(), before.getInitContainers());
        munged.setActiveDeadlineSeconds(before.getActiveDeadlineSeconds());
        munged.setTolerations(before.getTolerations());
        Long oldGrace = before.getTerminationGracePeriodSeconds();
        if (oldGrace != null && oldGrace < 0 && Long.valueOf(1).equals(munged.getTerminationGracePeriodSeconds())) {
            munged.setTerminationGracePeriodSeconds(oldGrace);
        }
        if (gatesOnlyRemoved(munged, before)) munged.setSchedulingGates(before.getSchedulingGates());
        if (!munged.equals(before)) errs.add(FieldError.forbidden("spec", UPDATE_FORBIDDEN));
    }

    private static void copyImages(List<Container> into, List<Container> from) {
        if (into == null || from == null) return;
        for (int i = 0; i < Math.min(into.size(), from.size()); i++) into.get(i).setImage(from.get(i).getImage());
    }

    private static boolean gatesOnlyRemoved(PodSpec spec, PodSpec old) {
        Set<String> before = new HashSet<>();
        for (var g : PodSpecDefaults.list(old.getSchedulingGates())) before.add(g.getName());
        for (var g : PodSpecDefaults.list(spec.getSchedulingGates())) {
            if (!before.contains(g.getName())) return false;
        }
        return true;
    }

    private static boolean onlyAddedTolerations(List<Toleration> now, List<Toleration> old) {
        for (Toleration o : PodSpecDefaults.list(old)) {
            boolean kept = false;
            for (Toleration n : PodSpecDefaults.list(now)) {
                if (Objects.equals(n.getKey(), o.getKey()) && Objects.equals(n.getOperator(), o.getOperator())
                        && Objects.equals(n.getValue(), o.getValue()) && Objects.equals(n.getEffect(), o.getEffect())) {
                    kept = true;
                    break;
                }
            }
            if (!kept) return false;
        }
        return true;
    }

    static void statusUpdate(Pod pod, Pod old, List<FieldError> errs) {
        ObjectMetaValidation.validate(pod.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        ObjectMetaValidation.validateUpdate(pod.getMetadata(), old.getMetadata(), "metadata", errs);
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus oldStatus = old.getStatus() == null ? new PodStatus() : old.getStatus();
        if (status.getPhase() != null && !status.getPhase().isEmpty() && !PHASES.contains(status.getPhase())) {
            errs.add(FieldError.notSupported("status.phase", status.getPhase(), PHASES));
        }
        List<PodCondition> conditions = PodSpecDefaults.list(status.getConditions());
        for (int i = 0; i < conditions.size(); i++) {
            PodCondition c = conditions.get(i);
            String type = c.getType() == null ? "" : c.getType();
            if (!SYSTEM_CONDITIONS.contains(type)) {
                // Upstream's path really is capitalised here.
                for (String msg : NameValidation.qualifiedName(type)) errs.add(FieldError.invalid("status.conditions[" + i + "].Type", type, msg));
            }
            if (c.getStatus() != null && !CONDITION_STATUSES.contains(c.getStatus())) {
                errs.add(FieldError.notSupported("status.conditions[" + i + "].status", c.getStatus(), CONDITION_STATUSES));
            }
        }
        PodSpec spec = old.getSpec() == null ? new PodSpec() : old.getSpec();
        containerStatusNames(status.getContainerStatuses(), spec.getContainers(), "status.containerStatuses", errs);
        containerStatusNames(status.getInitContainerStatuses(), spec.getInitContainers(), "status.initContainerStatuses", errs);
        String qos = status.getQosClass();
        String oldQos = oldStatus.getQosClass();
        if (oldQos != null && !oldQos.isEmpty() && !Objects.equals(qos, oldQos)) {
            errs.add(FieldError.invalid("status.qosClass", qos == null ? "" : qos, "field is immutable"));
        }
    }

    private static void containerStatusNames(List<ContainerStatus> statuses, List<Container> containers, String path, List<FieldError> errs) {
        if (statuses == null) return;
        Set<String> names = new HashSet<>();
        for (Container c : PodSpecDefaults.list(containers)) names.add(c.getName());
        for (int i = 0; i < statuses.size(); i++) {
            String name = statuses.get(i).getName() == null ? "" : statuses.get(i).getName();
            if (!names.contains(name)) errs.add(FieldError.notFound(path + "[" + i + "]", name));
        }
    }
}

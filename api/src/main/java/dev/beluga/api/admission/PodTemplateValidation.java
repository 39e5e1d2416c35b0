package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;

/** A workload's pod template and selector (upstream's ValidatePodTemplateSpecForReplicaSet / ForStatefulSet). */
final class PodTemplateValidation {
    private PodTemplateValidation() {}

    /** selector: required, strict, non-empty ("empty selector is invalid for {kindWord}"). Returns whether it is usable for matching. */
    static boolean selector(LabelSelector s, String kindWord, String path, List<FieldError> errs) {
        if (s == null) {
            errs.add(FieldError.required(path, ""));
            return false;
        }
        int before = errs.size();
        LabelSelectorValidation.validate(s, path, errs);
        if (LabelSelectorValidation.isEmpty(s)) {
            errs.add(FieldError.invalid(path, LabelSelectorValidation.render(s), "empty selector is invalid for " + kindWord));
        }
        return errs.size() == before;
    }

    static void template(PodTemplateSpec t, LabelSelector selector, boolean selectorUsable, String kindName, String path, List<FieldError> errs) {
        if (t == null) {
            errs.add(FieldError.required(path, ""));
            return;
        }
        var labels = t.getMetadata() == null ? null : t.getMetadata().getLabels();
        if (selectorUsable && selector != null && !LabelSelectorValidation.isEmpty(selector) && !LabelSelectorValidation.matches(selector, labels)) {
            errs.add(FieldError.invalid(path + ".metadata.labels", GoValue.stringMap(labels), "`selector` does not match template `labels`"));
        }
        if (t.getMetadata() != null) {
            ObjectMetaValidation.validateLabels(t.getMetadata().getLabels(), path + ".metadata.labels", errs);
            ObjectMetaValidation.validateAnnotations(t.getMetadata().getAnnotations(), path + ".metadata.annotations", errs);
        }
        PodSpecValidation.validate(t.getSpec(), path + ".spec", errs);
        if (t.getSpec() == null) return;
        if (!PodSpecDefaults.list(t.getSpec().getEphemeralContainers()).isEmpty()) {
            errs.add(FieldError.forbidden(path + ".spec.ephemeralContainers", "ephemeral containers not allowed in pod template"));
        }
        String restart = t.getSpec().getRestartPolicy();
        if (restart != null && !restart.equals("Always")) {
            errs.add(FieldError.notSupported(path + ".spec.restartPolicy", restart, List.of("Always")));
        }
        if (t.getSpec().getActiveDeadlineSeconds() != null) {
            errs.add(FieldError.forbidden(path + ".spec.activeDeadlineSeconds", "activeDeadlineSeconds in " + kindName + " is not Supported"));
        }
    }
}

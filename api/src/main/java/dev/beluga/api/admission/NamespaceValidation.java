package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Set;

/** Upstream's ValidateNamespace, update and status update. */
final class NamespaceValidation {
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    private NamespaceValidation() {}

    static void create(Namespace n, List<FieldError> errs) {
        ObjectMetaValidation.validate(n.getMetadata(), false, NameValidation.NameRule.DNS_LABEL, "metadata", errs);
        if (n.getSpec() != null && n.getSpec().getFinalizers() != null) {
            for (String f : n.getSpec().getFinalizers()) {
                String name = f == null ? "" : f;
                for (String msg : NameValidation.qualifiedName(name)) errs.add(FieldError.invalid("spec.finalizers", name, msg));
                if (!name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
                    errs.add(FieldError.invalid("spec.finalizers", name, "name is neither a standard finalizer name nor is it fully qualified"));
                }
            }
        }
    }

    static void update(Namespace n, Namespace old, List<FieldError> errs) {
        create(n, errs);
        ObjectMetaValidation.validateUpdate(n.getMetadata(), old.getMetadata(), "metadata", errs);
    }

    static void statusUpdate(Namespace n, Namespace old, List<FieldError> errs) {
        ObjectMetaValidation.validate(n.getMetadata(), false, NameValidation.NameRule.DNS_LABEL, "metadata", errs);
        ObjectMetaValidation.validateUpdate(n.getMetadata(), old.getMetadata(), "metadata", errs);
        String phase = n.getStatus() == null || n.getStatus().getPhase() == null ? "" : n.getStatus().getPhase();
        boolean deleting = n.getMetadata() != null && n.getMetadata().getDeletionTimestamp() != null;
        if (!deleting && !phase.equals("Active")) {
            errs.add(FieldError.invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
        } else if (deleting && !phase.equals("Terminating")) {
            errs.add(FieldError.invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }
        if (n.getStatus() != null) {
            StatusConditions.validate(PodSpecDefaults.list(n.getStatus().getConditions()).stream().map(c -> c.getStatus()).toList(),
                    "status.conditions", errs);
        }
    }
}

package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;
import java.util.Objects;

/** Upstream's apps ValidateControllerRevision and its update (data immutable). */
final class ControllerRevisionValidation {
    private ControllerRevisionValidation() {}

    static void create(ControllerRevision r, List<FieldError> errs) {
        ObjectMetaValidation.validate(r.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        if (r.getData() == null) errs.add(FieldError.required("data", "data is mandatory"));
        ContainerValidation.nonNegative(r.getRevision() == null ? 0L : r.getRevision(), "revision", errs);
    }

    static void update(ControllerRevision r, ControllerRevision old, List<FieldError> errs) {
        create(r, errs);
        ObjectMetaValidation.validateUpdate(r.getMetadata(), old.getMetadata(), "metadata", errs);
        if (!Objects.equals(r.getData(), old.getData())) errs.add(FieldError.invalid("data", GoValue.of("runtime.RawExtension{...}"), "field is immutable"));
    }
}

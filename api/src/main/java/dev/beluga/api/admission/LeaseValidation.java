package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;

/** Upstream's coordination ValidateLease. */
final class LeaseValidation {
    private LeaseValidation() {}

    static void create(Lease l, List<FieldError> errs) {
        ObjectMetaValidation.validate(l.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        if (l.getSpec() == null) return;
        Integer duration = l.getSpec().getLeaseDurationSeconds();
        if (duration != null && duration <= 0) errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        Integer transitions = l.getSpec().getLeaseTransitions();
        if (transitions != null && transitions < 0) {
            errs.add(FieldError.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        }
        String preferred = l.getSpec().getPreferredHolder();
        String strategy = l.getSpec().getStrategy();
        if (preferred != null && !preferred.isEmpty() && (strategy == null || strategy.isEmpty())) {
            errs.add(FieldError.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
        }
    }
}

package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.List;
import java.util.Objects;

/** Upstream's apps ValidateReplicaSet, update (selector immutable) and status update. */
final class ReplicaSetValidation {
    private ReplicaSetValidation() {}

    static void create(ReplicaSet rs, List<FieldError> errs) {
        ObjectMetaValidation.validate(rs.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
        ContainerValidation.nonNegative(spec.getReplicas(), "spec.replicas", errs);
        ContainerValidation.nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errs);
        // Upstream's message says "deployment" for ReplicaSets too.
        boolean usable = PodTemplateValidation.selector(spec.getSelector(), "deployment", "spec.selector", errs);
        PodTemplateValidation.template(spec.getTemplate(), spec.getSelector(), usable, "ReplicaSet", "spec.template", errs);
    }

    static void update(ReplicaSet rs, ReplicaSet old, List<FieldError> errs) {
        create(rs, errs);
        ObjectMetaValidation.validateUpdate(rs.getMetadata(), old.getMetadata(), "metadata", errs);
        var selector = rs.getSpec() == null ? null : rs.getSpec().getSelector();
        var oldSelector = old.getSpec() == null ? null : old.getSpec().getSelector();
        if (!Objects.equals(selector, oldSelector)) {
            errs.add(FieldError.invalid("spec.selector", LabelSelectorValidation.render(selector), "field is immutable"));
        }
    }

    static void statusUpdate(ReplicaSet rs, ReplicaSet old, List<FieldError> errs) {
        ObjectMetaValidation.validate(rs.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        ObjectMetaValidation.validateUpdate(rs.getMetadata(), old.getMetadata(), "metadata", errs);
        ReplicaSetStatus s = rs.getStatus();
        if (s == null) return;
        ContainerValidation.nonNegative(s.getReplicas(), "status.replicas", errs);
        ContainerValidation.nonNegative(s.getFullyLabeledReplicas(), "status.fullyLabeledReplicas", errs);
        ContainerValidation.nonNegative(s.getReadyReplicas(), "status.readyReplicas", errs);
        ContainerValidation.nonNegative(s.getAvailableReplicas(), "status.availableReplicas", errs);
        ContainerValidation.nonNegative(s.getObservedGeneration(), "status.observedGeneration", errs);
        int replicas = DeploymentValidation.n(s.getReplicas());
        String msg = "cannot be greater than the number of replicas";
        if (DeploymentValidation.n(s.getFullyLabeledReplicas()) > replicas) errs.add(FieldError.invalid("status.fullyLabeledReplicas", s.getFullyLabeledReplicas(), msg));
        if (DeploymentValidation.n(s.getReadyReplicas()) > replicas) errs.add(FieldError.invalid("status.readyReplicas", s.getReadyReplicas(), msg));
        if (DeploymentValidation.n(s.getAvailableReplicas()) > replicas) errs.add(FieldError.invalid("status.availableReplicas", s.getAvailableReplicas(), msg));
        if (DeploymentValidation.n(s.getAvailableReplicas()) > DeploymentValidation.n(s.getReadyReplicas())) {
            errs.add(FieldError.invalid("status.availableReplicas", s.getAvailableReplicas(), "cannot be greater than readyReplicas"));
        }
        StatusConditions.validate(s.getConditions() == null ? List.of() : s.getConditions().stream().map(c -> c.getStatus()).toList(), "status.conditions", errs);
    }
}

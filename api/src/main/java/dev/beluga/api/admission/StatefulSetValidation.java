package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;

/** Upstream's apps ValidateStatefulSet, update and status update; volume claim templates are refused (no persistent volumes here). */
final class StatefulSetValidation {
    static final String UPDATE_FORBIDDEN = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
            + "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    static final String NO_PERSISTENT_VOLUMES = "persistent volumes are not supported by this cluster yet";
    private static final List<String> RETENTION = List.of("Retain", "Delete");

    private StatefulSetValidation() {}

    static void create(StatefulSet s, List<FieldError> errs) {
        ObjectMetaValidation.validate(s.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        spec(s.getSpec() == null ? new StatefulSetSpec() : s.getSpec(), errs);
    }

    private static void spec(StatefulSetSpec spec, List<FieldError> errs) {
        String pmp = spec.getPodManagementPolicy() == null ? "" : spec.getPodManagementPolicy();
        switch (pmp) {
            case "" -> errs.add(FieldError.required("spec.podManagementPolicy", ""));
            case "OrderedReady", "Parallel" -> { }
            default -> errs.add(FieldError.invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"));
        }
        StatefulSetUpdateStrategy us = spec.getUpdateStrategy() == null ? new StatefulSetUpdateStrategy() : spec.getUpdateStrategy();
        String type = us.getType() == null ? "" : us.getType();
        switch (type) {
            case "" -> errs.add(FieldError.required("spec.updateStrategy", ""));
            case "OnDelete" -> {
                if (us.getRollingUpdate() != null) {
                    errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate", GoValue.of("{...}"), "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                if (us.getRollingUpdate() != null) {
                    ContainerValidation.nonNegative(us.getRollingUpdate().getPartition(), "spec.updateStrategy.rollingUpdate.partition", errs);
                }
            }
            default -> errs.add(FieldError.invalid("spec.updateStrategy", type, "must be 'RollingUpdate' or 'OnDelete'"));
        }
        ContainerValidation.nonNegative(spec.getRevisionHistoryLimit(), "spec.revisionHistoryLimit", errs);
        var retention = spec.getPersistentVolumeClaimRetentionPolicy();
        if (retention != null) {
            retention(retention.getWhenDeleted(), "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", errs);
            retention(retention.getWhenScaled(), "spec.persistentVolumeClaimRetentionPolicy.whenScaled", errs);
        }
        ContainerValidation.nonNegative(spec.getReplicas(), "spec.replicas", errs);
        ContainerValidation.nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errs);
        if (spec.getOrdinals() != null) ContainerValidation.nonNegative(spec.getOrdinals().getStart(), "spec.ordinals.start", errs);
        boolean usable = PodTemplateValidation.selector(spec.getSelector(), "statefulset", "spec.selector", errs);
        PodTemplateValidation.template(spec.getTemplate(), spec.getSelector(), usable, "StatefulSet", "spec.template", errs);
        if (!PodSpecDefaults.list(spec.getVolumeClaimTemplates()).isEmpty()) {
            errs.add(FieldError.forbidden("spec.volumeClaimTemplates", NO_PERSISTENT_VOLUMES));
        }
    }

    private static void retention(String v, String path, List<FieldError> errs) {
        if (v != null && !v.isEmpty() && !RETENTION.contains(v)) errs.add(FieldError.notSupported(path, v, RETENTION));
    }

    static void update(StatefulSet s, StatefulSet old, List<FieldError> errs) {
        create(s, errs);
        ObjectMetaValidation.validateUpdate(s.getMetadata(), old.getMetadata(), "metadata", errs);
        StatefulSetSpec spec = s.getSpec() == null ? new StatefulSetSpec() : s.getSpec();
        StatefulSetSpec oldSpec = old.getSpec() == null ? new StatefulSetSpec() : old.getSpec();
        StatefulSetSpec munged = new StatefulSetSpecBuilder(spec)
                .withReplicas(oldSpec.getReplicas()).withTemplate(oldSpec.getTemplate()).withUpdateStrategy(oldSpec.getUpdateStrategy())
                .withMinReadySeconds(oldSpec.getMinReadySeconds()).withOrdinals(oldSpec.getOrdinals())
                .withRevisionHistoryLimit(oldSpec.getRevisionHistoryLimit())
                .withPersistentVolumeClaimRetentionPolicy(oldSpec.getPersistentVolumeClaimRetentionPolicy()).build();
        if (!munged.equals(new StatefulSetSpecBuilder(oldSpec).build())) errs.add(FieldError.forbidden("spec", UPDATE_FORBIDDEN));
    }

    static void statusUpdate(StatefulSet s, StatefulSet old, List<FieldError> errs) {
        ObjectMetaValidation.validate(s.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        ObjectMetaValidation.validateUpdate(s.getMetadata(), old.getMetadata(), "metadata", errs);
        StatefulSetStatus st = s.getStatus();
        if (st == null) return;
        ContainerValidation.nonNegative(st.getReplicas(), "status.replicas", errs);
        ContainerValidation.nonNegative(st.getReadyReplicas(), "status.readyReplicas", errs);
        ContainerValidation.nonNegative(st.getCurrentReplicas(), "status.currentReplicas", errs);
        ContainerValidation.nonNegative(st.getUpdatedReplicas(), "status.updatedReplicas", errs);
        ContainerValidation.nonNegative(st.getAvailableReplicas(), "status.availableReplicas", errs);
        ContainerValidation.nonNegative(st.getObservedGeneration(), "status.observedGeneration", errs);
        ContainerValidation.nonNegative(st.getCollisionCount(), "status.collisionCount", errs);
        int replicas = DeploymentValidation.n(st.getReplicas());
        String msg = "cannot be greater than status.replicas";
        if (DeploymentValidation.n(st.getReadyReplicas()) > replicas) errs.add(FieldError.invalid("status.readyReplicas", st.getReadyReplicas(), msg));
        if (DeploymentValidation.n(st.getCurrentReplicas()) > replicas) errs.add(FieldError.invalid("status.currentReplicas", st.getCurrentReplicas(), msg));
        if (DeploymentValidation.n(st.getUpdatedReplicas()) > replicas) errs.add(FieldError.invalid("status.updatedReplicas", st.getUpdatedReplicas(), msg));
        if (DeploymentValidation.n(st.getAvailableReplicas()) > replicas) errs.add(FieldError.invalid("status.availableReplicas", st.getAvailableReplicas(), msg));
        if (DeploymentValidation.n(st.getAvailableReplicas()) > DeploymentValidation.n(st.getReadyReplicas())) {
            errs.add(FieldError.invalid("status.availableReplicas", st.getAvailableReplicas(), "cannot be greater than status.readyReplicas"));
        }
        StatusConditions.validate(st.getConditions() == null ? List.of() : st.getConditions().stream().map(c -> c.getStatus()).toList(), "status.conditions", errs);
    }
}

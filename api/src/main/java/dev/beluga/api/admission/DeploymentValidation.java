package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Upstream's apps ValidateDeployment, ValidateDeploymentUpdate and ValidateDeploymentStatusUpdate. */
final class DeploymentValidation {
    private static final Pattern PERCENT = Pattern.compile("^[0-9]+%$");
    static final String PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
            + "regex used for validation is '[0-9]+%')";

    private DeploymentValidation() {}

    static void create(Deployment d, List<FieldError> errs) {
        ObjectMetaValidation.validate(d.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        spec(d.getSpec() == null ? new DeploymentSpec() : d.getSpec(), errs);
    }

    static void update(Deployment d, Deployment old, List<FieldError> errs) {
        create(d, errs);
        ObjectMetaValidation.validateUpdate(d.getMetadata(), old.getMetadata(), "metadata", errs);
        var selector = d.getSpec() == null ? null : d.getSpec().getSelector();
        var oldSelector = old.getSpec() == null ? null : old.getSpec().getSelector();
        if (!Objects.equals(selector, oldSelector)) {
            errs.add(FieldError.invalid("spec.selector", LabelSelectorValidation.render(selector), "field is immutable"));
        }
    }

    private static void spec(DeploymentSpec spec, List<FieldError> errs) {
        ContainerValidation.nonNegative(spec.getReplicas(), "spec.replicas", errs);
        boolean usable = PodTemplateValidation.selector(spec.getSelector(), "deployment", "spec.selector", errs);
        PodTemplateValidation.template(spec.getTemplate(), spec.getSelector(), usable, "ReplicaSet", "spec.template", errs);
        strategy(spec.getStrategy(), "spec.strategy", errs);
        int minReady = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
        ContainerValidation.nonNegative(minReady, "spec.minReadySeconds", errs);
        ContainerValidation.nonNegative(spec.getRevisionHistoryLimit(), "spec.revisionHistoryLimit", errs);
        if (spec.getProgressDeadlineSeconds() != null) {
            ContainerValidation.nonNegative(spec.getProgressDeadlineSeconds(), "spec.progressDeadlineSeconds", errs);
            if (spec.getProgressDeadlineSeconds() <= minReady) {
                errs.add(FieldError.invalid("spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds(), "must be greater than minReadySeconds"));
            }
        }
    }

    private static void strategy(DeploymentStrategy s, String path, List<FieldError> errs) {
        String type = s == null || s.getType() == null ? "" : s.getType();
        switch (type) {
            case "Recreate" -> {
                if (s.getRollingUpdate() != null) {
                    errs.add(FieldError.forbidden(path + ".rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (s.getRollingUpdate() == null) {
                    errs.add(FieldError.required(path + ".rollingUpdate", "this should be defaulted and never be nil"));
                } else {
                    rollingUpdate(s.getRollingUpdate(), path + ".rollingUpdate", errs);
                }
            }
            default -> errs.add(FieldError.notSupported(path, type, List.of("Recreate", "RollingUpdate")));
        }
    }

    private static void rollingUpdate(RollingUpdateDeployment ru, String path, List<FieldError> errs) {
        intOrPercent(ru.getMaxUnavailable(), path + ".maxUnavailable", errs);
        intOrPercent(ru.getMaxSurge(), path + ".maxSurge", errs);
        if (value(ru.getMaxUnavailable()) == 0 && value(ru.getMaxSurge()) == 0) {
            errs.add(FieldError.invalid(path + ".maxUnavailable", render(ru.getMaxUnavailable()), "may not be 0 when `maxSurge` is 0"));
        }
        IntOrString mu = ru.getMaxUnavailable();
        if (mu != null && mu.getStrVal() != null && PERCENT.matcher(mu.getStrVal()).matches() && value(mu) > 100) {
            errs.add(FieldError.invalid(path + ".maxUnavailable", render(mu), "must not be greater than 100%"));
        }
    }

    static void intOrPercent(IntOrString v, String path, List<FieldError> errs) {
        if (v == null) return;
        if (v.getStrVal() != null) {
            if (!PERCENT.matcher(v.getStrVal()).matches()) errs.add(FieldError.invalid(path, render(v), PERCENT_MSG));
        } else if (v.getIntVal() != null) {
            ContainerValidation.nonNegative(v.getIntVal(), path, errs);
        }
    }

    /** The int or the percentage's number; unparseable strings count as 0 as upstream's getIntOrPercentValue does. */
    private static long value(IntOrString v) {
        if (v == null) return 0;
        if (v.getIntVal() != null) return v.getIntVal();
        String s = v.getStrVal() == null ? "" : v.getStrVal();
        if (!PERCENT.matcher(s).matches()) return 0;
        try {
            return Long.parseLong(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static GoValue render(IntOrString v) {
        if (v == null) return new GoValue("null");
        return new GoValue(v.getIntVal() != null ? String.valueOf(v.getIntVal()) : String.valueOf(v.getStrVal()));
    }

    static void statusUpdate(Deployment d, Deployment old, List<FieldError> errs) {
        ObjectMetaValidation.validate(d.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        ObjectMetaValidation.validateUpdate(d.getMetadata(), old.getMetadata(), "metadata", errs);
        DeploymentStatus s = d.getStatus();
        if (s == null) return;
        ContainerValidation.nonNegative(s.getObservedGeneration(), "status.observedGeneration", errs);
        ContainerValidation.nonNegative(s.getReplicas(), "status.replicas", errs);
        ContainerValidation.nonNegative(s.getUpdatedReplicas(), "status.updatedReplicas", errs);
        ContainerValidation.nonNegative(s.getReadyReplicas(), "status.readyReplicas", errs);
        ContainerValidation.nonNegative(s.getAvailableReplicas(), "status.availableReplicas", errs);
        ContainerValidation.nonNegative(s.getUnavailableReplicas(), "status.unavailableReplicas", errs);
        ContainerValidation.nonNegative(s.getCollisionCount(), "status.collisionCount", errs);
        int replicas = n(s.getReplicas());
        if (n(s.getUpdatedReplicas()) > replicas) errs.add(FieldError.invalid("status.updatedReplicas", s.getUpdatedReplicas(), "cannot be greater than status.replicas"));
        if (n(s.getReadyReplicas()) > replicas) errs.add(FieldError.invalid("status.readyReplicas", s.getReadyReplicas(), "cannot be greater than status.replicas"));
        if (n(s.getAvailableReplicas()) > replicas) errs.add(FieldError.invalid("status.availableReplicas", s.getAvailableReplicas(), "cannot be greater than status.replicas"));
        if (n(s.getAvailableReplicas()) > n(s.getReadyReplicas())) errs.add(FieldError.invalid("status.availableReplicas", s.getAvailableReplicas(), "cannot be greater than readyReplicas"));
        StatusConditions.validate(s.getConditions() == null ? List.of() : s.getConditions().stream().map(c -> c.getStatus()).toList(), "status.conditions", errs);
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }
}

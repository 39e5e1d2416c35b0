package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's validation per resource, as pure functions over already-defaulted objects. An empty list
 * means valid; otherwise one FieldError per bad field, with upstream's paths and messages.
 */
public final class Validation {
    private Validation() {}

    public static List<FieldError> validateCreate(ResourceType type, HasMetadata obj) {
        List<FieldError> errs = new ArrayList<>(0);
        switch (obj) {
            case Pod p -> PodValidation.create(p, errs);
            case Deployment d -> DeploymentValidation.create(d, errs);
            case ReplicaSet rs -> ReplicaSetValidation.create(rs, errs);
            case StatefulSet s -> StatefulSetValidation.create(s, errs);
            case Namespace n -> NamespaceValidation.create(n, errs);
            case Node n -> NodeValidation.create(n, errs);
            case ConfigMap cm -> ConfigDataValidation.configMap(cm, errs);
            case Secret s -> ConfigDataValidation.secret(s, errs);
            case ControllerRevision r -> ControllerRevisionValidation.create(r, errs);
            case Lease l -> LeaseValidation.create(l, errs);
            case Event e -> EventValidation.createCore(e, errs);
            case io.fabric8.kubernetes.api.model.events.v1.Event e -> EventValidation.createV1(e, errs);
            // A ServiceAccount has nothing to check beyond its metadata (its secrets list is informational).
            case ServiceAccount sa -> ObjectMetaValidation.validate(sa.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
            default -> ObjectMetaValidation.validate(obj.getMetadata(), type.namespaced(), NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        }
        return errs;
    }

    public static List<FieldError> validateUpdate(ResourceType type, HasMetadata obj, HasMetadata old) {
        List<FieldError> errs = new ArrayList<>(0);
        if (obj.getClass() != old.getClass()) throw new IllegalArgumentException("update of " + obj.getClass() + " from " + old.getClass());
        switch (obj) {
            case Pod p -> PodValidation.update(p, (Pod) old, errs);
            case Deployment d -> DeploymentValidation.update(d, (Deployment) old, errs);
            case ReplicaSet rs -> ReplicaSetValidation.update(rs, (ReplicaSet) old, errs);
            case StatefulSet s -> StatefulSetValidation.update(s, (StatefulSet) old, errs);
            case Namespace n -> NamespaceValidation.update(n, (Namespace) old, errs);
            case Node n -> NodeValidation.update(n, (Node) old, errs);
            case ConfigMap cm -> ConfigDataValidation.configMapUpdate(cm, (ConfigMap) old, errs);
            case Secret s -> ConfigDataValidation.secretUpdate(s, (Secret) old, errs);
            case ControllerRevision r -> ControllerRevisionValidation.update(r, (ControllerRevision) old, errs);
            case Event e -> EventValidation.updateCore(e, (Event) old, errs);
            case io.fabric8.kubernetes.api.model.events.v1.Event e ->
                    EventValidation.updateV1(e, (io.fabric8.kubernetes.api.model.events.v1.Event) old, errs);
            default -> {
                errs.addAll(validateCreate(type, obj));
                ObjectMetaValidation.validateUpdate(obj.getMetadata(), old.getMetadata(), "metadata", errs);
            }
        }
        return errs;
    }

    public static List<FieldError> validateStatusUpdate(ResourceType type, HasMetadata obj, HasMetadata old) {
        List<FieldError> errs = new ArrayList<>(0);
        if (obj.getClass() != old.getClass()) throw new IllegalArgumentException("update of " + obj.getClass() + " from " + old.getClass());
        switch (obj) {
            case Pod p -> PodValidation.statusUpdate(p, (Pod) old, errs);
            case Deployment d -> DeploymentValidation.statusUpdate(d, (Deployment) old, errs);
            case ReplicaSet rs -> ReplicaSetValidation.statusUpdate(rs, (ReplicaSet) old, errs);
            case StatefulSet s -> StatefulSetValidation.statusUpdate(s, (StatefulSet) old, errs);
            case Namespace n -> NamespaceValidation.statusUpdate(n, (Namespace) old, errs);
            case Node n -> NodeValidation.statusUpdate(n, (Node) old, errs);
            default -> {
                ObjectMetaValidation.validate(obj.getMetadata(), type.namespaced(), nameRule(type), "metadata", errs);
                ObjectMetaValidation.validateUpdate(obj.getMetadata(), old.getMetadata(), "metadata", errs);
            }
        }
        return errs;
    }

    private static NameValidation.NameRule nameRule(ResourceType type) {
        if (type == ResourceRegistry.NAMESPACES) return NameValidation.NameRule.DNS_LABEL;
        if (type == ResourceRegistry.EVENTS) return NameValidation.NameRule.PATH_SEGMENT;
        return NameValidation.NameRule.DNS_SUBDOMAIN;
    }
}

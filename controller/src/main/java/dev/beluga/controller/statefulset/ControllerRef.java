package dev.beluga.controller.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;

/** The controller ownerReference a StatefulSet puts on its pods and revisions (metav1.NewControllerRef). */
final class ControllerRef {
    static final String API_VERSION = "apps/v1";
    static final String KIND = "StatefulSet";

    private ControllerRef() {}

    static OwnerReference to(StatefulSet set) {
        return new OwnerReferenceBuilder()
                .withApiVersion(API_VERSION).withKind(KIND)
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true)
                .build();
    }

    /** The object's controller reference (metav1.GetControllerOf). */
    static Optional<OwnerReference> of(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) return Optional.empty();
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    static boolean isControlledBy(HasMetadata object, StatefulSet set) {
        return of(object).map(r -> set.getMetadata().getUid().equals(r.getUid())).orElse(false);
    }
}

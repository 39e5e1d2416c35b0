package dev.beluga.apiserver.protobuf;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Set;

/**
 * Fields that are embedded Go structs ({@code json:",inline"}). Upstream's generated.proto gives an
 * embedded struct a field of its own (Volume.volumeSource, Probe.handler, ...), but its JSON form puts
 * the embedded struct's fields directly into the enclosing object.
 */
final class InlinedFields {
    private static final String CORE = "k8s.io.api.core.v1.";

    private static final Set<String> FIELDS = Set.of(
            CORE + "Volume.volumeSource",
            CORE + "PersistentVolumeSpec.persistentVolumeSource",
            CORE + "Probe.handler",
            CORE + "EphemeralContainer.ephemeralContainerCommon",
            CORE + "ConfigMapEnvSource.localObjectReference",
            CORE + "SecretEnvSource.localObjectReference",
            CORE + "ConfigMapKeySelector.localObjectReference",
            CORE + "SecretKeySelector.localObjectReference",
            CORE + "ConfigMapVolumeSource.localObjectReference",
            CORE + "ConfigMapProjection.localObjectReference",
            CORE + "SecretProjection.localObjectReference");

    private InlinedFields() {}

    /** Every listed field as "message full name.field name". */
    static Set<String> qualifiedNames() {
        return FIELDS;
    }

    static boolean isInlined(FieldDescriptor field) {
        return FIELDS.contains(field.getContainingType().getFullName() + "." + field.getName());
    }
}

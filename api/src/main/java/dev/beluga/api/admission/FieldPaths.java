package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.util.List;
import java.util.Set;

/** Downward API selectors: which pod fields env vars and volumes may expose (upstream's validateObjectFieldSelector). */
final class FieldPaths {
    static final List<String> ENV_EXPRESSIONS = List.of("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
            "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
    static final List<String> VOLUME_EXPRESSIONS = List.of("metadata.annotations", "metadata.labels", "metadata.name",
            "metadata.namespace", "metadata.uid");
    /** What ConvertDownwardAPIFieldLabel knows at all; anything else fails conversion. */
    private static final Set<String> CONVERTIBLE = Set.of("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
            "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase",
            "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
    private static final List<String> RESOURCE_EXPRESSIONS = List.of("limits.cpu", "limits.ephemeral-storage", "limits.memory",
            "requests.cpu", "requests.ephemeral-storage", "requests.memory");

    private FieldPaths() {}

    static void validate(ObjectFieldSelector s, List<String> expressions, String path, List<FieldError> errs) {
        String fieldPath = s.getFieldPath() == null ? "" : s.getFieldPath();
        String apiVersion = s.getApiVersion() == null ? "" : s.getApiVersion();
        if (fieldPath.isEmpty()) {
            errs.add(FieldError.required(path + ".fieldPath", ""));
            return;
        }
        if (apiVersion.isEmpty()) {
            errs.add(FieldError.required(path + ".apiVersion", ""));
            return;
        }
        int bracket = fieldPath.indexOf('[');
        if (bracket > 0 && fieldPath.endsWith("]")) {
            String base = fieldPath.substring(0, bracket);
            String subscript = fieldPath.substring(bracket + 1, fieldPath.length() - 1);
            if (subscript.length() >= 2 && subscript.startsWith("'") && subscript.endsWith("'")) subscript = subscript.substring(1, subscript.length() - 1);
            if (!base.equals("metadata.annotations") && !base.equals("metadata.labels")) {
                errs.add(FieldError.invalid(path + ".fieldPath", fieldPath, "error converting fieldPath: field label not supported: " + fieldPath));
                return;
            }
            String key = base.equals("metadata.annotations") ? subscript.toLowerCase(java.util.Locale.ROOT) : subscript;
            for (String msg : NameValidation.qualifiedName(key)) errs.add(FieldError.invalid(path + ".fieldPath", key, msg));
            return;
        }
        if (!CONVERTIBLE.contains(fieldPath)) {
            errs.add(FieldError.invalid(path + ".fieldPath", fieldPath, "error converting fieldPath: field label not supported: " + fieldPath));
        } else if (!expressions.contains(fieldPath)) {
            errs.add(FieldError.notSupported(path + ".fieldPath", fieldPath, expressions));
        }
    }

    static void validateResource(ResourceFieldSelector s, boolean containerNameRequired, String path, List<FieldError> errs) {
        String resource = s.getResource() == null ? "" : s.getResource();
        if (containerNameRequired && (s.getContainerName() == null || s.getContainerName().isEmpty())) {
            errs.add(FieldError.required(path + ".containerName", ""));
        }
        if (resource.isEmpty()) {
            errs.add(FieldError.required(path + ".resource", ""));
        } else if (!RESOURCE_EXPRESSIONS.contains(resource) && !resource.startsWith("limits.hugepages-") && !resource.startsWith("requests.hugepages-")) {
            errs.add(FieldError.notSupported(path + ".resource", resource, RESOURCE_EXPRESSIONS));
        }
    }
}

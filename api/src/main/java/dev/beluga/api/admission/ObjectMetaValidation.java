package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Upstream's ValidateObjectMeta and ValidateObjectMetaUpdate, plus label and annotation rules shared by selectors and templates. */
public final class ObjectMetaValidation {
    static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private ObjectMetaValidation() {}

    public static void validate(ObjectMeta meta, boolean namespaced, NameValidation.NameRule nameRule, String path, List<FieldError> errs) {
        if (meta == null) {
            errs.add(FieldError.required(path + ".name", "name or generateName is required"));
            return;
        }
        String generateName = meta.getGenerateName();
        if (generateName != null && !generateName.isEmpty()) {
            for (String msg : nameRule.check(generateName, true)) errs.add(FieldError.invalid(path + ".generateName", generateName, msg));
        }
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            errs.add(FieldError.required(path + ".name", "name or generateName is required"));
        } else {
            for (String msg : nameRule.check(name, false)) errs.add(FieldError.invalid(path + ".name", name, msg));
        }
        String namespace = meta.getNamespace();
        if (namespaced) {
            if (namespace == null || namespace.isEmpty()) {
                errs.add(FieldError.required(path + ".namespace", ""));
            } else {
                for (String msg : NameValidation.dns1123Label(namespace)) errs.add(FieldError.invalid(path + ".namespace", namespace, msg));
            }
        } else if (namespace != null && !namespace.isEmpty()) {
            errs.add(FieldError.forbidden(path + ".namespace", "not allowed on this type"));
        }
        if (meta.getGeneration() != null && meta.getGeneration() < 0) {
            errs.add(FieldError.invalid(path + ".generation", meta.getGeneration(), "must be greater than or equal to 0"));
        }
        validateLabels(meta.getLabels(), path + ".labels", errs);
        validateAnnotations(meta.getAnnotations(), path + ".annotations", errs);
        validateOwnerReferences(meta.getOwnerReferences(), path + ".ownerReferences", errs);
        validateFinalizers(meta.getFinalizers(), path + ".finalizers", errs);
    }

    /** Identity fields may not change; the server resets most of them, this guards direct callers. */
    public static void validateUpdate(ObjectMeta meta, ObjectMeta old, String path, List<FieldError> errs) {
        if (meta == null || old == null) return;
        immutable(meta.getName(), old.getName(), path + ".name", errs);
        immutable(meta.getNamespace(), old.getNamespace(), path + ".namespace", errs);
        immutable(meta.getUid(), old.getUid(), path + ".uid", errs);
        immutable(meta.getCreationTimestamp(), old.getCreationTimestamp(), path + ".creationTimestamp", errs);
        if (old.getDeletionTimestamp() != null) {
            immutable(meta.getDeletionTimestamp(), old.getDeletionTimestamp(), path + ".deletionTimestamp", errs);
            immutable(meta.getDeletionGracePeriodSeconds(), old.getDeletionGracePeriodSeconds(), path + ".deletionGracePeriodSeconds", errs);
        }
    }

    static void immutable(Object value, Object old, String path, List<FieldError> errs) {
        if (!Objects.equals(emptyAsNull(value), emptyAsNull(old))) {
            errs.add(FieldError.invalid(path, renderable(value), "field is immutable"));
        }
    }

    private static Object emptyAsNull(Object v) {
        return v instanceof String s && s.isEmpty() ? null : v;
    }

    private static Object renderable(Object v) {
        if (v == null) return "null";
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v : "{...}";
    }

    public static void validateLabels(Map<String, String> labels, String path, List<FieldError> errs) {
        if (labels == null) return;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String msg : NameValidation.qualifiedName(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), msg));
            String value = e.getValue() == null ? "" : e.getValue();
            for (String msg : NameValidation.labelValue(value)) errs.add(FieldError.invalid(path, value, msg));
        }
    }

    public static void validateAnnotations(Map<String, String> annotations, String path, List<FieldError> errs) {
        if (annotations == null) return;
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : NameValidation.qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errs.add(FieldError.invalid(path, e.getKey(), msg));
            }
            total += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    }

    /** Upstream reports owner reference problems on the list path itself, without an index. */
    static void validateOwnerReferences(List<OwnerReference> refs, String path, List<FieldError> errs) {
        if (refs == null) return;
        String controller = "";
        for (OwnerReference ref : refs) {
            String apiVersion = nz(ref.getApiVersion());
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            if (version.isEmpty()) errs.add(FieldError.invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            if (nz(ref.getKind()).isEmpty()) errs.add(FieldError.invalid(path + ".kind", "", "kind must not be empty"));
            if (nz(ref.getName()).isEmpty()) errs.add(FieldError.invalid(path + ".name", "", "name must not be empty"));
            if (nz(ref.getUid()).isEmpty()) errs.add(FieldError.invalid(path + ".uid", "", "uid must not be empty"));
            if (Boolean.TRUE.equals(ref.getController())) {
                String current = nz(ref.getKind()) + "/" + nz(ref.getName());
                if (!controller.isEmpty()) {
                    errs.add(FieldError.invalid(path, "[" + controller + ", " + current + "]",
                            "Only one reference can have Controller set to true. Found \"true\" in references for " + controller + " and " + current));
                } else {
                    controller = current;
                }
            }
        }
    }

    static void validateFinalizers(List<String> finalizers, String path, List<FieldError> errs) {
        if (finalizers == null) return;
        boolean orphan = false;
        boolean foreground = false;
        for (String f : finalizers) {
            for (String msg : NameValidation.qualifiedName(nz(f))) errs.add(FieldError.invalid(path, nz(f), msg));
            orphan |= "orphan".equals(f);
            foreground |= "foregroundDeletion".equals(f);
        }
        if (orphan && foreground) {
            errs.add(FieldError.invalid(path, String.valueOf(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"));
        }
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}

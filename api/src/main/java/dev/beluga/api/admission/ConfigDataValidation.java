package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Upstream's ValidateConfigMap and ValidateSecret, with their update rules (immutable, type). */
final class ConfigDataValidation {
    static final int MAX_SIZE = 1024 * 1024;
    static final String IMMUTABLE = "field is immutable when `immutable` is set";

    private ConfigDataValidation() {}

    static void configMap(ConfigMap cm, List<FieldError> errs) {
        ObjectMetaValidation.validate(cm.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        Map<String, String> binary = cm.getBinaryData() == null ? Map.of() : cm.getBinaryData();
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            String path = "data[" + e.getKey() + "]";
            for (String msg : NameValidation.configMapKey(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), msg));
            if (binary.containsKey(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), "duplicate of key present in binaryData"));
            total += e.getValue() == null ? 0 : e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            String path = "binaryData[" + e.getKey() + "]";
            for (String msg : NameValidation.configMapKey(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), msg));
            if (data.containsKey(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), "duplicate of key present in data"));
            total += decodedLength(e.getValue());
        }
        if (total > MAX_SIZE) errs.add(FieldError.tooLong("", MAX_SIZE));
    }

    static void configMapUpdate(ConfigMap cm, ConfigMap old, List<FieldError> errs) {
        configMap(cm, errs);
        ObjectMetaValidation.validateUpdate(cm.getMetadata(), old.getMetadata(), "metadata", errs);
        if (Boolean.TRUE.equals(old.getImmutable())) {
            if (!Boolean.TRUE.equals(cm.getImmutable())) errs.add(FieldError.forbidden("immutable", IMMUTABLE));
            if (!Objects.equals(orEmpty(cm.getData()), orEmpty(old.getData()))) errs.add(FieldError.forbidden("data", IMMUTABLE));
            if (!Objects.equals(orEmpty(cm.getBinaryData()), orEmpty(old.getBinaryData()))) errs.add(FieldError.forbidden("binaryData", IMMUTABLE));
        }
    }

    static void secret(Secret s, List<FieldError> errs) {
        ObjectMetaValidation.validate(s.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        Map<String, String> data = s.getData() == null ? Map.of() : s.getData();
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            for (String msg : NameValidation.configMapKey(e.getKey())) errs.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(), msg));
            total += decodedLength(e.getValue());
        }
        if (total > MAX_SIZE) errs.add(FieldError.tooLong("data", MAX_SIZE));
        String type = s.getType() == null ? "" : s.getType();
        switch (type) {
            case "kubernetes.io/service-account-token" -> {
                var ann = s.getMetadata() == null ? null : s.getMetadata().getAnnotations();
                if (ann == null || ann.getOrDefault("kubernetes.io/service-account.name", "").isEmpty()) {
                    errs.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> requiredKey(data, ".dockercfg", errs);
            case "kubernetes.io/dockerconfigjson" -> requiredKey(data, ".dockerconfigjson", errs);
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.add(FieldError.required("data[username]", ""));
                    errs.add(FieldError.required("data[password]", ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (decodedLength(data.get("ssh-privatekey")) == 0) errs.add(FieldError.required("data[ssh-privatekey]", ""));
            }
            case "kubernetes.io/tls" -> {
                requiredKey(data, "tls.crt", errs);
                requiredKey(data, "tls.key", errs);
            }
            default -> { }
        }
    }

    static void secretUpdate(Secret s, Secret old, List<FieldError> errs) {
        secret(s, errs);
        ObjectMetaValidation.validateUpdate(s.getMetadata(), old.getMetadata(), "metadata", errs);
        ObjectMetaValidation.immutable(s.getType(), old.getType(), "type", errs);
        if (Boolean.TRUE.equals(old.getImmutable())) {
            if (!Boolean.TRUE.equals(s.getImmutable())) errs.add(FieldError.forbidden("immutable", IMMUTABLE));
            if (!Objects.equals(orEmpty(s.getData()), orEmpty(old.getData()))) errs.add(FieldError.forbidden("data", IMMUTABLE));
        }
    }

    private static void requiredKey(Map<String, String> data, String key, List<FieldError> errs) {
        if (!data.containsKey(key)) errs.add(FieldError.required("data[" + key + "]", ""));
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** Bytes a base64 value decodes to, computed from its length (data is kept encoded). */
    private static long decodedLength(String b64) {
        if (b64 == null || b64.isEmpty()) return 0;
        int padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
        return (long) b64.length() * 3 / 4 - padding;
    }
}

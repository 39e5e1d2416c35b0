package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.KeyValue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A container's environment as upstream's makeEnvironmentVariables builds it: envFrom sources first
 * (configMapRef, secretRef, with prefix; keys that are no valid variable name skipped with a warning
 * event), then env in order, literal values with $(VAR) references expanded against everything
 * before them, valueFrom fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef. A missing
 * non-optional source fails with upstream's message (the container waits with CreateContainerConfigError).
 */
public final class ContainerEnvironment {
    /** The variables, and the warnings upstream records as InvalidEnvironmentVariableNames events. */
    public record Result(List<KeyValue> variables, List<String> invalidNameWarnings) {
        public Result {
            variables = List.copyOf(variables);
            invalidNameWarnings = List.copyOf(invalidNameWarnings);
        }
    }

    private ContainerEnvironment() {}

    public static Result of(Pod pod, Container c, List<String> podIps, List<String> hostIps, ReferencedObjects objects, Map<String, Quantity> allocatable) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                TreeSet<String> invalid = new TreeSet<>();
                if (from.getConfigMapRef() != null) {
                    String name = from.getConfigMapRef().getName();
                    Optional<ConfigMap> cm = objects.configMap(name);
                    if (cm.isEmpty()) {
                        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) continue;
                        throw new ContainerConfigException(ReferencedObjects.configMapNotFound(name));
                    }
                    if (cm.get().getData() != null) cm.get().getData().forEach((k, v) -> put(values, invalid, prefix + k, v == null ? "" : v));
                    if (!invalid.isEmpty()) warnings.add("Keys [" + String.join(", ", invalid) + "] from the EnvFrom configMap " + ns + "/" + name
                            + " were skipped since they are considered invalid environment variable names.");
                } else if (from.getSecretRef() != null) {
                    String name = from.getSecretRef().getName();
                    Optional<Secret> s = objects.secret(name);
                    if (s.isEmpty()) {
                        if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) continue;
                        throw new ContainerConfigException(ReferencedObjects.secretNotFound(name));
                    }
                    ReferencedObjects.secretData(s.get()).forEach((k, v) -> put(values, invalid, prefix + k, new String(v, StandardCharsets.UTF_8)));
                    if (!invalid.isEmpty()) warnings.add("Keys [" + String.join(", ", invalid) + "] from the EnvFrom secret " + ns + "/" + name
                            + " were skipped since they are considered invalid environment variable names.");
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                Optional<String> value = value(pod, c, e, podIps, hostIps, objects, allocatable, values);
                value.ifPresent(v -> values.put(e.getName(), v));
            }
        }
        List<KeyValue> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(new KeyValue(k, v)));
        return new Result(out, warnings);
    }

    /** Empty when an optional source is missing (upstream skips the variable). */
    private static Optional<String> value(Pod pod, Container c, EnvVar e, List<String> podIps, List<String> hostIps, ReferencedObjects objects,
                                          Map<String, Quantity> allocatable, Map<String, String> earlier) {
        var from = e.getValueFrom();
        if (from == null) return Optional.of(VariableExpansion.expand(e.getValue() == null ? "" : e.getValue(), VariableExpansion.keepingUnknown(earlier)));
        String ns = pod.getMetadata().getNamespace();
        if (from.getFieldRef() != null) return Optional.of(RuntimeConfigs.fieldRef(pod, from.getFieldRef(), podIps, hostIps));
        if (from.getResourceFieldRef() != null) {
            try {
                return Optional.of(ResourceFieldValues.value(from.getResourceFieldRef(), pod, c.getName(), allocatable));
            } catch (IllegalArgumentException ex) {
                throw new ContainerConfigException(ex.getMessage());
            }
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> cm = objects.configMap(ref.getName());
            if (cm.isEmpty()) {
                if (optional) return Optional.empty();
                throw new ContainerConfigException(ReferencedObjects.configMapNotFound(ref.getName()));
            }
            String v = cm.get().getData() == null ? null : cm.get().getData().get(ref.getKey());
            if (v == null) {
                if (optional) return Optional.empty();
                throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return Optional.of(v);
        }
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> s = objects.secret(ref.getName());
            if (s.isEmpty()) {
                if (optional) return Optional.empty();
                throw new ContainerConfigException(ReferencedObjects.secretNotFound(ref.getName()));
            }
            byte[] v = ReferencedObjects.secretData(s.get()).get(ref.getKey());
            if (v == null) {
                if (optional) return Optional.empty();
                throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return Optional.of(new String(v, StandardCharsets.UTF_8));
        }
        throw new ContainerConfigException("env " + e.getName() + ": valueFrom names no source this kubelet knows");
    }

    private static void put(Map<String, String> values, TreeSet<String> invalid, String key, String value) {
        if (validName(key)) values.put(key, value);
        else invalid.add(key);
    }

    /**
     * Upstream's IsEnvVarName under RelaxedEnvironmentVariableValidation (on by default since 1.32):
     * printable ASCII other than '='.
     */
    static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < ' ' || ch > '~' || ch == '=') return false;
        }
        return true;
    }
}

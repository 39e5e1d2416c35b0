package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ConfigMaps and Secrets of the pod's namespace that its env and volumes name, as read for one
 * sync; a name without an entry did not exist. Upstream's kubelet reads them through its
 * configMap/secret managers, whose "not found" reads `configmap "x" not found` (singular).
 */
public record ReferencedObjects(Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
    public ReferencedObjects {
        configMaps = Map.copyOf(configMaps);
        secrets = Map.copyOf(secrets);
    }

    public static ReferencedObjects none() {
        return new ReferencedObjects(Map.of(), Map.of());
    }

    public Optional<ConfigMap> configMap(String name) {
        return Optional.ofNullable(configMaps.get(name));
    }

    public Optional<Secret> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    /** The not-found error upstream's watch-based configMap manager answers with. */
    public static String configMapNotFound(String name) {
        return "configmap \"" + name + "\" not found";
    }

    public static String secretNotFound(String name) {
        return "secret \"" + name + "\" not found";
    }

    /** A Secret's data decoded (the API carries it base64-encoded), stringData merged over it as the API server would. */
    public static Map<String, byte[]> secretData(Secret s) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (s.getData() != null) s.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v == null ? "" : v.trim())));
        if (s.getStringData() != null) s.getStringData().forEach((k, v) -> out.put(k, (v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** What the pod names: configMaps and secrets of its containers' env and envFrom and of its volumes. */
    public record Names(Set<String> configMaps, Set<String> secrets) {
        public boolean isEmpty() {
            return configMaps.isEmpty() && secrets.isEmpty();
        }
    }

    public static Names namesOf(Pod pod) {
        Set<String> configMaps = new LinkedHashSet<>();
        Set<String> secrets = new LinkedHashSet<>();
        if (pod.getSpec() == null) return new Names(configMaps, secrets);
        List<Container> all = new ArrayList<>(PodSpecs.initContainers(pod));
        all.addAll(PodSpecs.containers(pod));
        if (pod.getSpec().getEphemeralContainers() != null) {
            pod.getSpec().getEphemeralContainers().forEach(e -> {
                if (e.getEnv() != null) e.getEnv().forEach(v -> envNames(v, configMaps, secrets));
                if (e.getEnvFrom() != null) e.getEnvFrom().forEach(f -> envFromNames(f, configMaps, secrets));
            });
        }
        for (Container c : all) {
            if (c.getEnv() != null) c.getEnv().forEach(v -> envNames(v, configMaps, secrets));
            if (c.getEnvFrom() != null) c.getEnvFrom().forEach(f -> envFromNames(f, configMaps, secrets));
        }
        if (pod.getSpec().getVolumes() != null) {
            for (Volume v : pod.getSpec().getVolumes()) {
                if (v.getConfigMap() != null) configMaps.add(v.getConfigMap().getName());
                if (v.getSecret() != null) secrets.add(v.getSecret().getSecretName());
                if (v.getProjected() != null && v.getProjected().getSources() != null) {
                    for (VolumeProjection p : v.getProjected().getSources()) {
                        if (p.getConfigMap() != null) configMaps.add(p.getConfigMap().getName());
                        if (p.getSecret() != null) secrets.add(p.getSecret().getName());
                    }
                }
            }
        }
        configMaps.remove(null);
        secrets.remove(null);
        return new Names(configMaps, secrets);
    }

    private static void envNames(EnvVar v, Set<String> configMaps, Set<String> secrets) {
        if (v.getValueFrom() == null) return;
        if (v.getValueFrom().getConfigMapKeyRef() != null) configMaps.add(v.getValueFrom().getConfigMapKeyRef().getName());
        if (v.getValueFrom().getSecretKeyRef() != null) secrets.add(v.getValueFrom().getSecretKeyRef().getName());
    }

    private static void envFromNames(EnvFromSource f, Set<String> configMaps, Set<String> secrets) {
        if (f.getConfigMapRef() != null) configMaps.add(f.getConfigMapRef().getName());
        if (f.getSecretRef() != null) secrets.add(f.getSecretRef().getName());
    }
}

package dev.beluga.kubelet.volume;

import dev.beluga.kubelet.pod.VariableExpansion;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.Mount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container's volumeMounts as CRI mounts (upstream's makeMounts): the volume's host path, or a
 * subPath (or subPathExpr expanded with the container's environment) inside it; read-only when the
 * mount says so or the volume kind always is; mountPropagation None/HostToContainer/Bidirectional.
 */
public final class ContainerMounts {
    private ContainerMounts() {}

    /** @throws VolumeException with upstream's message (the container waits with CreateContainerConfigError) */
    public static List<Mount> of(Container c, boolean privileged, Map<String, MountedVolume> volumes, List<KeyValue> env, SubPathResolver subPaths) {
        List<Mount> out = new ArrayList<>();
        if (c.getVolumeMounts() == null) return out;
        for (VolumeMount m : c.getVolumeMounts()) {
            MountedVolume v = volumes.get(m.getName());
            if (v == null) throw new VolumeException("cannot find volume \"" + m.getName() + "\" to mount into container \"" + c.getName() + "\"");
            String subPath = m.getSubPath() == null ? "" : m.getSubPath();
            if (m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()) subPath = expand(m.getSubPathExpr(), env);
            Path host = v.hostPath();
            if (!subPath.isEmpty()) {
                if (subPath.startsWith("/")) throw new VolumeException("error SubPath `" + subPath + "` must not be an absolute path");
                for (String part : subPath.split("/")) {
                    if (part.equals("..")) throw new VolumeException("unable to provision SubPath `" + subPath + "`: must not contain '..'");
                }
                host = subPaths.resolve(v, subPath, m.getName(), c.getName());
            }
            out.add(new Mount(m.getMountPath(), host.toString(), Boolean.TRUE.equals(m.getReadOnly()) || v.kind().readOnly(), false,
                    propagation(m, privileged)));
        }
        return out;
    }

    static Mount.Propagation propagation(VolumeMount m, boolean privileged) {
        String p = m.getMountPropagation();
        if (p == null || p.isEmpty() || p.equals("None")) return Mount.Propagation.PRIVATE;
        return switch (p) {
            case "HostToContainer" -> Mount.Propagation.HOST_TO_CONTAINER;
            case "Bidirectional" -> {
                if (!privileged) throw new VolumeException("Bidirectional mount propagation is available only to privileged containers");
                yield Mount.Propagation.BIDIRECTIONAL;
            }
            default -> throw new VolumeException("invalid MountPropagation mode: " + p);
        };
    }

    /** Upstream's ExpandContainerVolumeMounts: every $(VAR) must have a non-empty value. */
    static String expand(String expr, List<KeyValue> env) {
        Map<String, String> values = VariableExpansion.byName(env);
        TreeSet<String> missing = new TreeSet<>();
        String expanded = VariableExpansion.expand(expr, name -> {
            String v = values.get(name);
            if (v == null || v.isEmpty()) missing.add(name);
            return v == null ? "" : v;
        });
        if (!missing.isEmpty()) throw new VolumeException("missing value for " + String.join(", ", missing));
        return expanded;
    }
}

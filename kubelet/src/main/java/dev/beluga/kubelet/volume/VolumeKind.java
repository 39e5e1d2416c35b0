package dev.beluga.kubelet.volume;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.Optional;

/**
 * The volume types this kubelet sets up, with upstream's plugin directory names. Kinds whose
 * content comes from the API (configMap, secret, downwardAPI, projected) are mounted read-only into
 * containers, as upstream's are.
 */
public enum VolumeKind {
    EMPTY_DIR("kubernetes.io~empty-dir", false),
    HOST_PATH("kubernetes.io~host-path", false),
    CONFIG_MAP("kubernetes.io~configmap", true),
    SECRET("kubernetes.io~secret", true),
    DOWNWARD_API("kubernetes.io~downward-api", true),
    PROJECTED("kubernetes.io~projected", true);

    private final String pluginDir;
    private final boolean readOnly;

    VolumeKind(String pluginDir, boolean readOnly) {
        this.pluginDir = pluginDir;
        this.readOnly = readOnly;
    }

    public String pluginDir() {
        return pluginDir;
    }

    /** Always mounted read-only (upstream's GetAttributes().ReadOnly). */
    public boolean readOnly() {
        return readOnly;
    }

    public static Optional<VolumeKind> of(Volume v) {
        if (v.getEmptyDir() != null) return Optional.of(EMPTY_DIR);
        if (v.getHostPath() != null) return Optional.of(HOST_PATH);
        if (v.getConfigMap() != null) return Optional.of(CONFIG_MAP);
        if (v.getSecret() != null) return Optional.of(SECRET);
        if (v.getDownwardAPI() != null) return Optional.of(DOWNWARD_API);
        if (v.getProjected() != null) return Optional.of(PROJECTED);
        return Optional.empty();
    }

    /** For the error of a volume type this kubelet does not set up: its source field's name. */
    static String sourceName(Volume v) {
        if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
        if (v.getNfs() != null) return "nfs";
        if (v.getCsi() != null) return "csi";
        if (v.getEphemeral() != null) return "ephemeral";
        if (v.getImage() != null) return "image";
        if (v.getIscsi() != null) return "iscsi";
        if (v.getGitRepo() != null) return "gitRepo";
        return "unknown";
    }
}
